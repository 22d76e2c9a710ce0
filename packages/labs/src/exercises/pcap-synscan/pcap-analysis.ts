/**
 * The analyses behind the pcap-synscan exercise, on @cynex/pcap's decoder: who scanned and what answered
 * (capture A), and which packets are backscatter of a spoofed-source SYN attack (capture B).
 */
import {
  DecodedPacket,
  IPPROTO,
  LAYER,
  PcapReader,
  TCP_FLAGS,
  decode,
  decodeIPv4,
  ipv4ToString,
  parseIPv4,
} from '@cynex/pcap';

/** A source is a scanner when its SYNs reach at least this many distinct ports of one host. */
export const MIN_SCAN_PORTS = 20;

export interface ScanFindings {
  /** Sources whose SYNs (without ACK) reached at least {@link MIN_SCAN_PORTS} ports of one host, sorted. */
  scanners: string[];
  /** Distinct TCP ports of the target that got a SYN. */
  probedPorts: number;
  /** Ports of the target that answered SYN-ACK (open), ascending. */
  openPorts: number[];
  /** Ports of the target that answered RST (closed), ascending. */
  closedPorts: number[];
  /** A scanner completed a handshake with the target (sent a bare ACK): a connect scan, not a half-open one. */
  handshakeCompleted: boolean;
}

const SYN_ACK = TCP_FLAGS.SYN | TCP_FLAGS.ACK;
const isTcp = (out: DecodedPacket): boolean =>
  (out.layers & LAYER.L4) !== 0 && out.ipVersion === 4 && out.protocol === IPPROTO.TCP;

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/**
 * Reads a capture for a TCP port scan of `target` (dotted quad).
 * @example (await analyseScan('synscan.pcapng', '64.13.134.52')).openPorts // [22, 53, 80]
 */
export async function analyseScan(file: string, target: string): Promise<ScanFindings> {
  const target4 = parseIPv4(target);
  if (target4 === null) throw new RangeError(`target ${target} is not an IPv4 address`);
  const out = new DecodedPacket();
  /** `${src4} ${dst4}` → destination ports that got a SYN. */
  const synPorts = new Map<string, Set<number>>();
  const probed = new Set<number>();
  const open = new Set<number>();
  const closed = new Set<number>();
  const acksToTarget = new Set<number>();
  await PcapReader.fromFile(file).read((pkt) => {
    decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out);
    if (!isTcp(out)) return;
    const flags = out.tcpFlags;
    const toTarget = out.dst4 === target4;
    const fromTarget = out.src4 === target4;
    if ((flags & SYN_ACK) === TCP_FLAGS.SYN) {
      addTo(synPorts, `${out.src4} ${out.dst4}`, out.dstPort);
      if (toTarget) probed.add(out.dstPort);
    } else if (fromTarget && (flags & SYN_ACK) === SYN_ACK) {
      open.add(out.srcPort);
    } else if (fromTarget && flags & TCP_FLAGS.RST) {
      closed.add(out.srcPort);
    } else if (toTarget && (flags & (TCP_FLAGS.SYN | TCP_FLAGS.RST | TCP_FLAGS.ACK)) === TCP_FLAGS.ACK) {
      acksToTarget.add(out.src4);
    }
  });
  const scanners = new Set<string>();
  for (const [pair, ports] of synPorts) {
    if (ports.size >= MIN_SCAN_PORTS) scanners.add(ipv4ToString(Number(pair.split(' ')[0])));
  }
  const ascending = (ports: Set<number>) => [...ports].sort((a, b) => a - b);
  return {
    scanners: [...scanners].sort(),
    probedPorts: probed.size,
    openPorts: ascending(open),
    closedPorts: ascending(closed),
    handshakeCompleted: [...acksToTarget].some((src) => scanners.has(ipv4ToString(src))),
  };
}

export interface BackscatterFindings {
  /** The address the backscatter went to: the one the attacker spoofed. */
  victim: string;
  /** Packets to the victim that answer SYNs it never sent: SYN-ACK, RST (with or without ACK), or an ICMP error quoting a TCP SYN. */
  backscatterPackets: number;
  /** The port the reflected answers come from most often: the service the spoofed SYNs were aimed at. */
  reflectedPort: number;
  /** Distinct addresses that sent backscatter to the victim. */
  reflectors: number;
}

/** ICMP destination unreachable and time exceeded quote the packet they answer. */
const ICMP_ERRORS = new Set([3, 11]);

/**
 * Whether `out` answers a SYN: then its receiver, the address the SYN claimed to come from, else undefined. The `inner` buffer decodes the packet an ICMP error quotes.
 */
function answeredSynSource(out: DecodedPacket, buf: Uint8Array, inner: DecodedPacket): number | undefined {
  if ((out.layers & LAYER.L4) === 0 || out.ipVersion !== 4) return undefined;
  if (out.protocol === IPPROTO.TCP) {
    const flags = out.tcpFlags;
    return (flags & SYN_ACK) === SYN_ACK || flags & TCP_FLAGS.RST ? out.dst4 : undefined;
  }
  if (out.protocol !== IPPROTO.ICMP || !ICMP_ERRORS.has(out.icmpType)) return undefined;
  // The quoted packet follows the 4 unused bytes after type, code and checksum.
  const start = out.payloadOffset + 4;
  inner.reset(out.linkType);
  decodeIPv4(buf, start, out.payloadOffset + out.payloadLength, inner);
  // The quoted source is not compared with the receiver: anonymised captures (StopDDoS rewrote destinations
  // with tcprewrite) change the outer header only, so the quote still names the real, pre-anonymisation victim.
  return isTcp(inner) && (inner.tcpFlags & SYN_ACK) === TCP_FLAGS.SYN ? out.dst4 : undefined;
}

/**
 * Reads a capture taken at a victim of a spoofed-source SYN attack (reflection): which packets are backscatter.
 * @example (await analyseBackscatter('amp.TCP.reflection.SYNACK.pcap')).victim // '10.10.10.10'
 */
export async function analyseBackscatter(file: string): Promise<BackscatterFindings> {
  const out = new DecodedPacket();
  const inner = new DecodedPacket();
  /** victim → packets, and per victim the answering sources and their TCP source ports */
  const packets = new Map<number, number>();
  const sources = new Map<number, Set<number>>();
  const ports = new Map<number, Map<number, number>>();
  await PcapReader.fromFile(file).read((pkt) => {
    decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out);
    const victim = answeredSynSource(out, pkt.buf, inner);
    if (victim === undefined) return;
    packets.set(victim, (packets.get(victim) ?? 0) + 1);
    addTo(sources, victim, out.src4);
    if (out.protocol === IPPROTO.TCP && (out.tcpFlags & SYN_ACK) === SYN_ACK) {
      const counts = ports.get(victim) ?? new Map<number, number>();
      counts.set(out.srcPort, (counts.get(out.srcPort) ?? 0) + 1);
      ports.set(victim, counts);
    }
  });
  const [victim, count] = [...packets].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  const [reflectedPort] = [...(ports.get(victim) ?? [])].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0];
  return {
    victim: ipv4ToString(victim),
    backscatterPackets: count,
    reflectedPort,
    reflectors: sources.get(victim)?.size ?? 0,
  };
}
