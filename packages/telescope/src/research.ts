import { inPrefix6, parseCidr, RangeSet4 } from './cidr.js';

/** Reverse-DNS resolver: address text → PTR names. Inject one to enable suffix matching; none by default. */
export type ResolvePtr = (address: string) => Promise<string[]>;

/** The research-scanner list of the configuration. */
export interface ResearchListInput {
  /** Addresses and CIDR prefixes (IPv4 or IPv6) of known research scanners. */
  prefixes: string[];
  /** Reverse-DNS suffixes such as `.censys-scanner.com` (matched case-insensitively on label boundaries). */
  ptrSuffixes: string[];
}

/**
 * Known research scanners (Censys, Shodan, university projects…), so their share of the darknet's traffic
 * can be reported apart from malicious scanning, as NICTER does. Address and prefix matches are
 * synchronous; reverse-DNS suffixes need an injected {@link ResolvePtr} and are resolved in the
 * background (never on the packet path): a source is tagged once its PTR lookup has answered.
 *
 * @example
 * const list = new ResearchList({ prefixes: ['192.0.2.0/24'], ptrSuffixes: ['.scanner.example'] });
 * list.matches4(0xc0000201); // true
 */
export class ResearchList {
  private readonly set4: RangeSet4;
  private readonly v6: { words: Uint32Array; length: number }[] = [];
  private readonly suffixes: string[];

  constructor(input: ResearchListInput) {
    const cidrs = input.prefixes.map(parseCidr);
    this.set4 = new RangeSet4(cidrs, true);
    for (const c of cidrs) if (c.version === 6) this.v6.push({ words: c.words, length: c.length });
    this.suffixes = input.ptrSuffixes.map((s) => s.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
  }

  /** Whether reverse DNS could tag anything (suffixes configured). */
  get usesPtr(): boolean {
    return this.suffixes.length > 0;
  }

  /** Whether an IPv4 source is on the list. */
  matches4(addr: number): boolean {
    return this.set4.length > 0 && this.set4.find(addr) >= 0;
  }

  /** Whether an IPv6 source is on the list. */
  matches6(words: ArrayLike<number>): boolean {
    for (const p of this.v6) if (inPrefix6(words, p.words, p.length)) return true;
    return false;
  }

  /** Whether a PTR name ends with a configured suffix (`scan-1.censys-scanner.com` ~ `.censys-scanner.com`). */
  matchesName(name: string): boolean {
    const n = name.toLowerCase().replace(/\.$/, '');
    return this.suffixes.some((s) => {
      const bare = s.startsWith('.') ? s.slice(1) : s;
      return n === bare || n.endsWith(`.${bare}`);
    });
  }
}

/**
 * Parses a research-list file: one entry per line, `#` comments; an address or CIDR prefix, or else a
 * host-name suffix for reverse DNS.
 *
 * @example
 * parseResearchList('192.0.2.0/24\n.shodan.io # Shodan\n'); // { prefixes: ['192.0.2.0/24'], ptrSuffixes: ['.shodan.io'] }
 */
export function parseResearchList(text: string): ResearchListInput {
  const out: ResearchListInput = { prefixes: [], ptrSuffixes: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    if (/^[\d.]+(\/\d+)?$/.test(line) || line.includes(':')) {
      try {
        parseCidr(line);
      } catch (err) {
        throw new Error(`research list line ${i + 1}: ${(err as Error).message}`);
      }
      out.prefixes.push(line);
    } else if (/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(line)) out.ptrSuffixes.push(line);
    else
      throw new Error(
        `research list line ${i + 1}: ${JSON.stringify(line)} is neither an address, a prefix nor a host-name suffix`,
      );
  });
  return out;
}

/**
 * Background reverse-DNS lookups with a bounded queue and concurrency. Results (positive and negative)
 * are cached; `onMatch` is called for addresses whose PTR names match the list.
 *
 * @example
 * const ptr = new PtrQueue(list, resolver, (addr) => sources.markResearch(addr));
 * ptr.request('192.0.2.7');
 */
export class PtrQueue {
  private readonly done = new Map<string, boolean>();
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private active = 0;
  private idle: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  /** Lookups dropped because the queue was full, and lookups that failed. */
  readonly stats = { dropped: 0, failed: 0, matched: 0 };

  constructor(
    private readonly list: ResearchList,
    private readonly resolve: ResolvePtr,
    private readonly onMatch: (address: string) => void,
    private readonly concurrency = 8,
    private readonly maxQueue = 10_000,
    private readonly maxCache = 200_000,
  ) {}

  /** The cached answer for an address (true = research), or undefined when not resolved yet. */
  cached(address: string): boolean | undefined {
    return this.done.get(address);
  }

  /** Queues a lookup unless it is cached, queued, or the queue is full. */
  request(address: string): void {
    if (this.done.has(address) || this.queued.has(address)) return;
    if (this.waiting.length >= this.maxQueue) {
      this.stats.dropped++;
      return;
    }
    this.queued.add(address);
    this.waiting.push(address);
    if (this.active === 0 && this.wake === null) this.idle = new Promise((r) => (this.wake = r));
    this.pump();
  }

  /** Resolves when no lookup is pending (used before the last batch is built). */
  settled(): Promise<void> {
    return this.active === 0 && this.waiting.length === 0 ? Promise.resolve() : this.idle;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const address = this.waiting.shift()!;
      this.active++;
      void this.lookup(address).finally(() => {
        this.active--;
        this.queued.delete(address);
        this.pump();
        if (this.active === 0 && this.waiting.length === 0 && this.wake) {
          this.wake();
          this.wake = null;
        }
      });
    }
  }

  private async lookup(address: string): Promise<void> {
    let match = false;
    try {
      match = (await this.resolve(address)).some((n) => this.list.matchesName(n));
    } catch {
      this.stats.failed++;
    }
    if (this.done.size >= this.maxCache) this.done.clear();
    this.done.set(address, match);
    if (match) {
      this.stats.matched++;
      this.onMatch(address);
    }
  }
}
