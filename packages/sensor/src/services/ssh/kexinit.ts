import { createHash } from 'node:crypto';

/**
 * The client's identification string and first KEXINIT, read from the raw bytes of the TCP stream before ssh2
 * sees them. ssh2 parses the client's KEXINIT internally but exposes it only through its debug log (as
 * comma-joined strings for a subset of the fields), so we read it ourselves: the first KEXINIT is sent in the clear
 * (RFC 4253 §7.1) right after the identification line, and a second 'data' listener on the socket sees the same
 * chunks ssh2 sees. The sniffer stops after the first KEXINIT or after {@link SNIFF_LIMIT} bytes.
 */

export const SNIFF_LIMIT = 64 * 1024;
const MSG_KEXINIT = 20;

export interface ClientKexInit {
  kexAlgs: string[];
  keyAlgs: string[];
  encCS: string[];
  encSC: string[];
  macCS: string[];
  macSC: string[];
  compCS: string[];
  compSC: string[];
  langCS: string[];
  langSC: string[];
}

export interface Hassh {
  /** MD5 of `hasshAlgorithms` (https://github.com/salesforce/hassh). */
  hassh: string;
  /** kex;enc_cs;mac_cs;comp_cs */
  hasshAlgorithms: string;
}

export function hasshOf(init: ClientKexInit): Hassh {
  const hasshAlgorithms = [init.kexAlgs, init.encCS, init.macCS, init.compCS].map((l) => l.join(',')).join(';');
  return { hassh: createHash('md5').update(hasshAlgorithms).digest('hex'), hasshAlgorithms };
}

/** Parses a KEXINIT payload (starting at the message byte); undefined when malformed. */
export function parseKexInit(payload: Buffer): ClientKexInit | undefined {
  if (payload.length < 17 || payload[0] !== MSG_KEXINIT) return undefined;
  let at = 17;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (at + 4 > payload.length) return undefined;
    const len = payload.readUInt32BE(at);
    at += 4;
    if (at + len > payload.length) return undefined;
    const text = payload.toString('latin1', at, at + len);
    at += len;
    lists.push(text.length === 0 ? [] : text.split(',').slice(0, 64));
  }
  const [kexAlgs, keyAlgs, encCS, encSC, macCS, macSC, compCS, compSC, langCS, langSC] = lists as [
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  return { kexAlgs, keyAlgs, encCS, encSC, macCS, macSC, compCS, compSC, langCS, langSC };
}

export interface SniffResult {
  /** The identification line without CR LF, when one arrived. */
  ident?: string;
  kexInit?: ClientKexInit;
}

/** Accumulates the first bytes of a connection and reports the ident line and the KEXINIT once both are read. */
export class KexInitSniffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private done = false;
  readonly result: SniffResult = {};

  /** Feeds a chunk; returns true when the sniffer has finished (parsed, or gave up). */
  feed(chunk: Buffer): boolean {
    if (this.done) return true;
    this.chunks.push(chunk);
    this.size += chunk.length;
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [data];
    if (this.tryParse(data) || this.size >= SNIFF_LIMIT) {
      this.done = true;
      this.chunks = [];
    }
    return this.done;
  }

  private tryParse(data: Buffer): boolean {
    // Find the identification line: lines before it that do not start with "SSH-" are skipped (RFC 4253 §4.2).
    let start = 0;
    let identEnd = -1;
    while (start < data.length) {
      const nl = data.indexOf(0x0a, start);
      if (nl < 0) return false;
      const line = data.toString('latin1', start, nl).replace(/\r$/, '');
      start = nl + 1;
      if (line.startsWith('SSH-')) {
        this.result.ident = line.slice(0, 255);
        identEnd = start;
        break;
      }
    }
    if (identEnd < 0) return false;
    if (data.length < identEnd + 5) return false;
    const packetLength = data.readUInt32BE(identEnd);
    // A KEXINIT is a few KB at most; anything claiming more is garbage and we stop looking.
    if (packetLength < 2 || packetLength > 35_000) return true;
    if (data.length < identEnd + 4 + packetLength) return false;
    const padding = data[identEnd + 4]!;
    const payloadEnd = identEnd + 4 + packetLength - padding;
    if (payloadEnd <= identEnd + 5) return true;
    this.result.kexInit = parseKexInit(data.subarray(identEnd + 5, payloadEnd));
    return true;
  }
}
