import { normaliseValue } from '../answer-values.js';
import type { ChoiceOption, ExerciseDefinition } from '../exercise-types.js';
import { analyseCowrieLog } from './cowrie-analysis.js';

/** One day of a fictional decoy's Cowrie log, written for cynex (see the folder's README.md). */
export const COWRIE_SESSION_FILE = 'cowrie-2026-05-14.json';

/** A multiple-choice option standing for one ATT&CK technique: ticked in the key when the classifier reached it. */
interface TechniqueOption {
  technique: string;
  option: ChoiceOption;
}

/** Choices for "what did the attacker do to cover its tracks". */
const EVASION: TechniqueOption[] = [
  {
    technique: 'T1070.003',
    option: { id: 'clear-history', label: { en: 'Cleared the shell history', ja: 'シェル履歴を消去した' } },
  },
  {
    technique: 'T1562.003',
    option: {
      id: 'stop-history',
      label: { en: 'Stopped the shell from recording history', ja: 'シェルが履歴を記録しないようにした' },
    },
  },
  {
    technique: 'T1070.004',
    option: {
      id: 'delete-files',
      label: { en: 'Deleted files it had created', ja: '自分で作ったファイルを削除した' },
    },
  },
  {
    technique: 'T1562.004',
    option: { id: 'disable-firewall', label: { en: 'Disabled the firewall', ja: 'ファイアウォールを無効にした' } },
  },
  {
    technique: 'T1070.002',
    option: { id: 'wipe-logs', label: { en: 'Wiped the system logs', ja: 'システムログを消去した' } },
  },
  {
    technique: 'T1070.006',
    option: { id: 'timestomp', label: { en: 'Changed file timestamps', ja: 'ファイルのタイムスタンプを改ざんした' } },
  },
];

/** Choices for "how did the attacker make sure it could come back or keep its program running". */
const PERSISTENCE: TechniqueOption[] = [
  {
    technique: 'T1098.004',
    option: {
      id: 'ssh-key',
      label: { en: 'Added its own SSH key to authorized_keys', ja: '自分の SSH 鍵を authorized_keys に追加した' },
    },
  },
  {
    technique: 'T1053.003',
    option: { id: 'cron', label: { en: 'Installed a cron job', ja: 'cron ジョブを登録した' } },
  },
  {
    technique: 'T1543.002',
    option: {
      id: 'systemd-service',
      label: { en: 'Created or enabled a systemd service', ja: 'systemd サービスを作成・有効化した' },
    },
  },
  {
    technique: 'T1136.001',
    option: {
      id: 'new-account',
      label: { en: 'Created a new local account', ja: '新しいローカルアカウントを作成した' },
    },
  },
  {
    technique: 'T1037.004',
    option: {
      id: 'boot-script',
      label: { en: 'Changed a boot script (rc.local, init.d)', ja: '起動スクリプト（rc.local、init.d）を変更した' },
    },
  },
];

/** The options whose technique the classifier reached, in the list's order. */
const ticked = (choices: TechniqueOption[], techniques: string[]): string[] =>
  choices.filter((c) => techniques.includes(c.technique)).map((c) => c.option.id);

/**
 * One day of a fictional SSH decoy of a Japanese manufacturer: two password sprayers, and one attacker who guesses
 * its way in, looks around, drops and runs a program, plants an SSH key and a cron job, and cleans up.
 */
export const cowrieSessionExercise: ExerciseDefinition = {
  id: 'cowrie-session',
  title: { en: 'Reading an SSH honeypot log', ja: 'SSH ハニーポットのログを読む' },
  summary: {
    en: "A Cowrie honeypot posing as a Japanese manufacturer's staging server logged a day of SSH traffic from three sources. Find the one that got in, how it did, what it ran and fetched, how it made sure it could come back, and map it all to ATT&CK.",
    ja: '日本の製造業者のステージングサーバーを装った Cowrie ハニーポットが、3 つの送信元からの SSH 通信を 1 日分記録しました。侵入に成功した送信元と侵入方法、実行したコマンドと取得したファイル、再侵入のための仕掛けを特定し、ATT&CK に対応付けてください。',
  },
  files: [
    {
      name: COWRIE_SESSION_FILE,
      description: {
        en: 'Cowrie JSON log of one day, one event a line (81 lines, 9 sessions)',
        ja: '1 日分の Cowrie JSON ログ（1 行 1 イベント、81 行、9 セッション）',
      },
      source:
        'Written for cynex: a fictional attack on a fictional decoy, in Cowrie JSON format (Apache-2.0, the licence of cynex)',
    },
  ],
  questions: [
    {
      id: 'attacker',
      kind: 'text',
      valueType: 'ipv4',
      points: 1,
      prompt: {
        en: 'Which source address got in (logged in successfully) and attacked the server?',
        ja: 'ログインに成功してサーバーを攻撃した送信元アドレスはどれですか。',
      },
      hints: [
        {
          en: 'Several sources only tried passwords and left: look for a successful login.',
          ja: 'パスワードを試しただけで去った送信元もあります。ログイン成功の記録を探しましょう。',
        },
      ],
    },
    {
      id: 'sessions',
      kind: 'number',
      points: 1,
      prompt: {
        en: 'How many SSH sessions (connections) did the attacker open, counting those that failed to log in?',
        ja: '攻撃者は SSH セッション（接続）をいくつ開きましたか。ログインに失敗したものも数えてください。',
      },
      hints: [{ en: 'Each connection has its own session id.', ja: '接続ごとに別のセッション ID があります。' }],
    },
    {
      id: 'credentials',
      kind: 'set',
      valueType: 'credential',
      points: 2,
      prompt: {
        en: 'Which username/password pairs logged in successfully? Write each as user:password.',
        ja: 'ログインに成功したユーザー名とパスワードの組はどれですか。user:password の形で書いてください。',
      },
      extraMeans: { en: 'never logged in successfully', ja: 'ログインに成功していません' },
    },
    {
      id: 'first-command',
      kind: 'text',
      valueType: 'word',
      points: 1,
      prompt: {
        en: 'What was the first command the attacker ran (the first simple command of its first command line)?',
        ja: '攻撃者が最初に実行したコマンド（最初のコマンド行の最初の単純コマンド）は何ですか。',
      },
    },
    {
      id: 'programs',
      kind: 'set',
      valueType: 'command',
      points: 2,
      prompt: {
        en: 'Which programs or shell built-ins did the attacker run? Name each once (e.g. ls, uname).',
        ja: '攻撃者が実行したプログラムやシェル組み込みコマンドはどれですか。それぞれ 1 回ずつ挙げてください（例: ls, uname）。',
      },
      extraMeans: { en: "never appeared in the attacker's commands", ja: '攻撃者のコマンドに現れません' },
    },
    {
      id: 'download-url',
      kind: 'text',
      valueType: 'url',
      points: 2,
      prompt: {
        en: 'From which URL did the attacker download a file?',
        ja: '攻撃者はどの URL からファイルをダウンロードしましたか。',
      },
    },
    {
      id: 'ran-as',
      kind: 'text',
      valueType: 'command',
      points: 1,
      prompt: {
        en: 'Under which file name was the downloaded program run?',
        ja: 'ダウンロードされたプログラムはどのファイル名で実行されましたか。',
      },
    },
    {
      id: 'techniques',
      kind: 'set',
      valueType: 'technique',
      points: 4,
      maxValues: 20,
      prompt: {
        en: 'Which ATT&CK techniques describe what the attacker did? Give technique or sub-technique ids (e.g. T1105, T1110.001), as precisely as the log allows.',
        ja: '攻撃者の行動を表す ATT&CK の技術はどれですか。ログから判断できる限り正確に、技術またはサブ技術の ID（例: T1105、T1110.001）で答えてください。',
      },
      extraMeans: { en: 'cannot be backed by this log', ja: 'このログからは裏付けられません' },
      hints: [
        {
          en: 'Think of: getting in, discovery, bringing tools in, running them, staying, covering tracks.',
          ja: '侵入、探索、ツールの持ち込み、実行、永続化、痕跡の隠蔽を考えましょう。',
        },
      ],
    },
    {
      id: 'evasion',
      kind: 'multi',
      points: 2,
      prompt: {
        en: 'Which of these did the attacker do to cover its tracks?',
        ja: '攻撃者が痕跡を隠すために行ったのはどれですか。',
      },
      options: EVASION.map((e) => e.option),
    },
    {
      id: 'persistence',
      kind: 'multi',
      points: 2,
      prompt: {
        en: 'Which of these did the attacker do to keep its access or keep its program running?',
        ja: '攻撃者がアクセスを維持し、プログラムを動かし続けるために行ったのはどれですか。',
      },
      options: PERSISTENCE.map((p) => p.option),
    },
  ],
  async analyse(data) {
    const found = analyseCowrieLog(await data.readText(COWRIE_SESSION_FILE));
    const [url] = found.downloads;
    const [ranAs] = found.ranTransferredAs;
    if (url === undefined || ranAs === undefined)
      throw new Error('cowrie-session: the log shows no download that was run');
    const canonical = (type: Parameters<typeof normaliseValue>[0], values: string[]) => [
      ...new Set(values.map((v) => normaliseValue(type, v, 'analysis'))),
    ];
    return {
      attacker: { kind: 'text', value: found.attacker },
      sessions: { kind: 'number', value: found.sessions },
      credentials: { kind: 'set', values: canonical('credential', found.credentials) },
      'first-command': { kind: 'text', value: normaliseValue('word', found.firstCommand, 'analysis') },
      programs: { kind: 'set', values: canonical('command', found.programs) },
      'download-url': { kind: 'text', value: normaliseValue('url', url, 'analysis') },
      'ran-as': { kind: 'text', value: normaliseValue('command', ranAs, 'analysis') },
      techniques: { kind: 'set', values: found.techniques },
      evasion: { kind: 'multi', options: ticked(EVASION, found.techniques) },
      persistence: { kind: 'multi', options: ticked(PERSISTENCE, found.techniques) },
    };
  },
};
