import type { ExerciseDefinition } from '../exercise-types.js';
import { MIN_SCAN_PORTS, analyseBackscatter, analyseScan } from './pcap-analysis.js';

const SCAN_FILE = 'synscan.pcapng';
const BACKSCATTER_FILE = 'amp.TCP.reflection.SYNACK.pcap';
/** The scanned host of capture A (scanme.nmap.org at the time); named in the prompts, so not a secret. */
const TARGET = '64.13.134.52';

/** Capture A: a real SYN scan; capture B: a victim's view of a TCP SYN-ACK reflection attack. */
export const pcapSynscanExercise: ExerciseDefinition = {
  id: 'pcap-synscan',
  title: {
    en: 'Port scans and backscatter in packet captures',
    ja: 'パケットキャプチャに見るポートスキャンとバックスキャッタ',
  },
  summary: {
    en: 'Capture A holds a TCP port scan; capture B was taken at a host whose address an attacker spoofed. Find the scanner, what it learned, and the backscatter.',
    ja: 'キャプチャ A には TCP ポートスキャンが、キャプチャ B には送信元を偽装された側で取得した通信が入っています。スキャナ、スキャンで判明したこと、バックスキャッタを特定してください。',
  },
  files: [
    {
      name: SCAN_FILE,
      description: {
        en: 'Capture A: a TCP SYN scan (pcapng, 2,011 packets)',
        ja: 'キャプチャ A: TCP SYN スキャン（pcapng、2,011 パケット）',
      },
      source: 'Chris Sanders, chrissanders/packets (free to use with attribution)',
    },
    {
      name: BACKSCATTER_FILE,
      description: {
        en: 'Capture B: traffic arriving at one host during a TCP SYN-ACK reflection attack (pcap, 8,000 packets)',
        ja: 'キャプチャ B: TCP SYN-ACK リフレクション攻撃中に 1 台のホストに届いた通信（pcap、8,000 パケット）',
      },
      source: 'L.F. Haaijer, DDoS Packet Capture Collection (2022), StopDDoS/packet-captures',
    },
  ],
  questions: [
    {
      id: 'scanners',
      kind: 'set',
      valueType: 'ipv4',
      points: 2,
      prompt: {
        en: `Capture A: which source address(es) scanned, that is sent TCP SYNs to at least ${MIN_SCAN_PORTS} different ports of one host?`,
        ja: `キャプチャ A: スキャンを行った送信元アドレス（1 台のホストの ${MIN_SCAN_PORTS} 以上の異なるポートに TCP SYN を送ったもの）はどれですか。`,
      },
      extraMeans: { en: 'did not send SYNs to that many ports', ja: 'それほど多くのポートに SYN を送っていません' },
      hints: [
        {
          en: 'Wireshark filter: tcp.flags.syn==1 && tcp.flags.ack==0, then Statistics › Endpoints.',
          ja: 'Wireshark のフィルタ tcp.flags.syn==1 && tcp.flags.ack==0 の後、統計 › エンドポイント を見ましょう。',
        },
      ],
    },
    {
      id: 'scan-type',
      kind: 'single',
      points: 1,
      prompt: { en: 'Capture A: what kind of scan is it?', ja: 'キャプチャ A: これはどの種類のスキャンですか。' },
      options: [
        {
          id: 'syn',
          label: {
            en: 'Half-open (SYN) scan: handshakes are never completed',
            ja: 'ハーフオープン（SYN）スキャン: ハンドシェイクを完了しない',
          },
        },
        {
          id: 'connect',
          label: {
            en: 'Connect scan: handshakes are completed with an ACK',
            ja: 'コネクトスキャン: ACK でハンドシェイクを完了する',
          },
        },
      ],
    },
    {
      id: 'ports-probed',
      kind: 'number',
      points: 1,
      prompt: {
        en: `Capture A: how many different TCP ports of ${TARGET} were probed?`,
        ja: `キャプチャ A: ${TARGET} の異なる TCP ポートはいくつ調べられましたか。`,
      },
      hints: [
        {
          en: 'Some ports were probed twice; count each port once.',
          ja: '2 回調べられたポートもあります。ポートごとに 1 回数えてください。',
        },
      ],
    },
    {
      id: 'open-ports',
      kind: 'set',
      valueType: 'port',
      points: 2,
      prompt: {
        en: `Capture A: which ports of ${TARGET} are open (answered SYN-ACK)?`,
        ja: `キャプチャ A: ${TARGET} のどのポートが開いていますか（SYN-ACK で応答）。`,
      },
      extraMeans: { en: 'never answered SYN-ACK', ja: 'SYN-ACK を返していません' },
    },
    {
      id: 'closed-ports',
      kind: 'set',
      valueType: 'port',
      points: 2,
      prompt: {
        en: `Capture A: which ports of ${TARGET} answered with a reset (closed, as opposed to silent)?`,
        ja: `キャプチャ A: ${TARGET} のどのポートが RST で応答しましたか（無応答ではなく閉じているもの）。`,
      },
      extraMeans: { en: 'never answered with a reset', ja: 'RST を返していません' },
    },
    {
      id: 'victim',
      kind: 'text',
      valueType: 'ipv4',
      points: 1,
      prompt: {
        en: 'Capture B: whose address did the attacker spoof (where does the backscatter go)?',
        ja: 'キャプチャ B: 攻撃者が偽装したのは誰のアドレスですか（バックスキャッタの宛先）。',
      },
    },
    {
      id: 'backscatter-count',
      kind: 'number',
      points: 3,
      partialWithin: 0.02,
      prompt: {
        en: 'Capture B: how many packets are backscatter, that is answers to TCP SYNs the victim never sent: SYN-ACKs, resets (with or without ACK), and ICMP errors (unreachable, time exceeded) that quote a TCP SYN?',
        ja: 'キャプチャ B: バックスキャッタ（被害者が送っていない TCP SYN への応答: SYN-ACK、RST（ACK の有無を問わない）、TCP SYN を引用した ICMP エラー（到達不能、時間超過））は何パケットありますか。',
      },
      hints: [
        {
          en: 'ICMP errors carry the packet they answer; Wireshark decodes its TCP flags too.',
          ja: 'ICMP エラーは応答対象のパケットを含みます。Wireshark はその TCP フラグも解析します。',
        },
      ],
    },
    {
      id: 'reflected-port',
      kind: 'number',
      points: 1,
      prompt: {
        en: 'Capture B: the spoofed SYNs were aimed mostly at one service port of the reflectors. Which port?',
        ja: 'キャプチャ B: 偽装 SYN は主にリフレクタのどのサービスポートに向けられていましたか。',
      },
    },
  ],
  async analyse(data) {
    const [scan, backscatter] = await Promise.all([
      analyseScan(data.path(SCAN_FILE), TARGET),
      analyseBackscatter(data.path(BACKSCATTER_FILE)),
    ]);
    return {
      scanners: { kind: 'set', values: scan.scanners },
      'scan-type': { kind: 'single', option: scan.handshakeCompleted ? 'connect' : 'syn' },
      'ports-probed': { kind: 'number', value: scan.probedPorts },
      'open-ports': { kind: 'set', values: scan.openPorts.map(String) },
      'closed-ports': { kind: 'set', values: scan.closedPorts.map(String) },
      victim: { kind: 'text', value: backscatter.victim },
      'backscatter-count': { kind: 'number', value: backscatter.backscatterPackets },
      'reflected-port': { kind: 'number', value: backscatter.reflectedPort },
    };
  },
};
