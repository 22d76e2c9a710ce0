import type { DosEvent, ScanEvent, TelescopeBatch, TelescopeInterval } from '@cynex/core';
import { LAYER, type DecodedPacket, type PacketView } from '@cynex/pcap';
import { IntervalStats } from './aggregator.js';
import { parseTelescopeConfig, type TelescopeConfig, type TelescopeConfigInput } from './config.js';
import { Darknet } from './darknet.js';
import { DosDetector } from './dos.js';
import { PacketFacts } from './facts.js';
import { TAG } from './fingerprints.js';
import { CLASS } from './classify.js';
import { addressFacts, describePacket } from './describe.js';
import { FlowTupleTable, type FlowTupleRow } from './flowtuple.js';
import { NO_GEO, type GeoLookup } from './geo/geo.js';
import { PtrQueue, ResearchList, type ResolvePtr } from './research.js';
import { BackscatterTally } from './backscatter.js';
import { ScanDetector, type VerticalScan } from './scans.js';
import { SourceTable } from './sources.js';

/** How a pipeline is built. Only `config.prefixes` is required. */
export interface PipelineOptions {
  config: TelescopeConfigInput | TelescopeConfig;
  /** Country/AS lookups (default: none, every source 'ZZ' / AS 0). */
  geo?: GeoLookup;
  /** Reverse-DNS resolver for research-list suffixes. None by default: no lookup is ever sent. */
  resolvePtr?: ResolvePtr;
  /** Keep per-interval flow tuples (default true); turn off when no sink wants them. */
  flowTuples?: boolean;
}

/** One interval's flow tuples, ready for a `FlowTupleSink`. */
export interface FlowTupleInterval {
  start: Date;
  rows: FlowTupleRow[];
}

/** Counters of what the pipeline saw and left out. */
export interface PipelineStats {
  /** Packets pushed. */
  packets: number;
  /** Not IP (ARP, LLDP…), or IP whose header was cut off. */
  nonIp: number;
  /** Destination outside the darknet prefixes. */
  outside: number;
  /** Counted in an interval. */
  darknet: number;
  /** Arrived after their interval had closed (beyond the lateness window): not counted. */
  late: number;
  intervals: number;
  batches: number;
  scans: number;
  dos: number;
  verticalScans: number;
  flowTuplesDropped: number;
  sourcesEvicted: number;
  eventsDropped: number;
}

interface OpenInterval {
  stats: IntervalStats;
  tuples: FlowTupleTable | null;
  backscatter: BackscatterTally;
}

/**
 * The darknet pipeline: `push` every decoded packet (in capture order; small reordering is tolerated),
 * `flush` at the end. Packets to the darknet are classified, fingerprinted and counted into 5-minute
 * intervals, scans, DoS attacks, source profiles and flow tuples. An interval closes when a packet at
 * least `latenessSeconds` past its end arrives, or — for a live stream that went quiet — when `tick`
 * estimates the stream clock has passed that point. Only intervals that saw packets are emitted: a
 * gap between capture files is missing data, not silence. Finished work is collected with
 * `takeBatches` and `takeFlowTuples`.
 *
 * @example
 * const p = new TelescopePipeline({ config: { prefixes: ['198.51.100.0/24'], sensorId: 'lab' } });
 * await PcapReader.fromFile('x.pcap').read((pkt) => { decodePacket(pkt, out); p.push(pkt, out); });
 * p.flush();
 * for (const batch of p.takeBatches()) await sink.send(batch);
 */
export class TelescopePipeline {
  readonly config: TelescopeConfig;
  readonly darknet: Darknet;
  readonly stats: PipelineStats = {
    packets: 0,
    nonIp: 0,
    outside: 0,
    darknet: 0,
    late: 0,
    intervals: 0,
    batches: 0,
    scans: 0,
    dos: 0,
    verticalScans: 0,
    flowTuplesDropped: 0,
    sourcesEvicted: 0,
    eventsDropped: 0,
  };
  private readonly f = new PacketFacts();
  private readonly geo: GeoLookup;
  private readonly sources: SourceTable;
  private readonly scans: ScanDetector;
  private readonly dos: DosDetector;
  private readonly ptr: PtrQueue | null;
  private readonly keepTuples: boolean;
  private cur: OpenInterval | null = null;
  private prev: OpenInterval | null = null;
  private curStart = Infinity;
  private curEnd = -Infinity;
  private prevCloseAt = Infinity;
  /** End of the last closed interval: earlier packets are late. */
  private closedUpTo = -Infinity;
  private readonly finished: TelescopeInterval[] = [];
  private readonly batches: TelescopeBatch[] = [];
  private readonly tuples: FlowTupleInterval[] = [];
  private readonly vertical: VerticalScan[] = [];
  private lastT = -Infinity;
  /** Flow tuples of the last closed interval: the next table starts that big. */
  private lastTuples = 0;
  private tickT = -Infinity;
  private tickWall = 0;

  constructor(options: PipelineOptions) {
    const c = (this.config = parseTelescopeConfig(options.config));
    this.darknet = new Darknet(c.prefixes);
    this.geo = options.geo ?? NO_GEO;
    const research = new ResearchList(c.research);
    this.ptr =
      options.resolvePtr && research.usesPtr
        ? new PtrQueue(research, options.resolvePtr, (a) => this.sources.markResearch(a))
        : null;
    this.sources = new SourceTable(c.maxSources, {
      geo: (f) => (f.ipVersion === 4 ? this.geo.lookup4(f.src4) : this.geo.lookup6(f.src6)),
      research: (f) => {
        if (f.ipVersion === 4 ? research.matches4(f.src4) : research.matches6(f.src6)) return true;
        if (!this.ptr) return false;
        const address = f.sourceText();
        const known = this.ptr.cached(address);
        if (known === undefined) this.ptr.request(address);
        return known === true;
      },
    });
    this.scans = new ScanDetector(c.scan, this.darknet.ipv4Addresses);
    this.dos = new DosDetector(c.dos);
    this.keepTuples = options.flowTuples ?? true;
  }

  /** Counts one packet. `pkt` and `d` may be reused by the caller afterwards. */
  push(pkt: PacketView, d: DecodedPacket): void {
    const st = this.stats;
    st.packets++;
    if ((d.layers & LAYER.L3) === 0) {
      st.nonIp++;
      return;
    }
    const f = this.f;
    if (!addressFacts(d, this.darknet, f)) return void st.outside++;
    f.setTime(pkt.tsSec, pkt.tsNsec);
    let target = this.cur;
    if (f.sec < this.curStart || f.sec >= this.curEnd || f.sec >= this.prevCloseAt) target = this.route(f.sec);
    if (target === null) return void st.late++;
    st.darknet++;
    describePacket(pkt, d, f);
    const src = this.sources.touch(f);
    f.geo = src.geo;
    f.tags = src.research ? f.fingerprints | TAG.research : f.fingerprints;
    target.stats.add(f);
    target.tuples?.add(f);
    if (f.cls === CLASS.backscatter) target.backscatter.add(f);
    this.scans.add(f);
    this.dos.add(f);
    this.scans.advance(f.t);
    this.dos.advance(f.t);
    if (f.t > this.lastT) this.lastT = f.t;
  }

  /** Finds (or opens) the interval of a packet at `sec`, closing intervals it leaves behind. */
  private route(sec: number): OpenInterval | null {
    if (this.prev && sec >= this.prevCloseAt) this.closePrev();
    if (this.cur && sec >= this.curStart && sec < this.curEnd) return this.cur;
    if (sec < this.closedUpTo) return null;
    if (this.cur && sec < this.curStart) {
      return this.prev && sec >= this.prev.stats.start ? this.prev : null;
    }
    const seconds = this.config.intervalSeconds;
    if (this.cur) {
      this.closePrev();
      if (sec < this.curEnd + this.config.latenessSeconds) {
        this.prev = this.cur;
        this.prevCloseAt = this.curEnd + this.config.latenessSeconds;
      } else this.closeInterval(this.cur);
    }
    const start = Math.floor(sec / seconds) * seconds;
    this.cur = {
      stats: new IntervalStats(start, {
        seconds,
        precision: this.config.hllPrecision,
        slicePrecision: this.config.slicePrecision,
        sliceDenseBudget: this.config.sliceDenseBudget,
        blocks: this.darknet.blocks,
      }),
      tuples: this.keepTuples ? new FlowTupleTable(this.config.maxFlowTuples, this.lastTuples) : null,
      backscatter: new BackscatterTally(),
    };
    this.curStart = start;
    this.curEnd = start + seconds;
    return this.cur;
  }

  private closePrev(): void {
    if (!this.prev) return;
    this.closeInterval(this.prev);
    this.prev = null;
    this.prevCloseAt = Infinity;
  }

  private closeCur(): void {
    if (!this.cur) return;
    this.closeInterval(this.cur);
    this.cur = null;
    this.curStart = Infinity;
    this.curEnd = -Infinity;
  }

  private closeInterval(oi: OpenInterval): void {
    this.finished.push({ ...oi.stats.toInterval(this.geo), backscatterVictims: oi.backscatter.top() });
    this.closedUpTo = Math.max(this.closedUpTo, oi.stats.end);
    this.stats.intervals++;
    if (oi.tuples) {
      this.lastTuples = oi.tuples.size;
      this.tuples.push({ start: new Date(oi.stats.start * 1000), rows: oi.tuples.rows() });
      this.stats.flowTuplesDropped += oi.tuples.dropped;
    }
    if (this.finished.length >= this.config.intervalsPerBatch) this.emitBatch();
  }

  /**
   * Takes closed events, and unless `eventsOnly` the finished intervals and source profiles, into a batch. Sources
   * always travel with their interval: drained apart, a later contribution would replace an earlier one.
   */
  private emitBatch(eventsOnly = false): void {
    const vertical = this.scans.takeVertical();
    this.vertical.push(...vertical);
    this.stats.verticalScans += vertical.length;
    const scans = this.capEvents([...this.scans.takeEvents(), ...vertical.map(verticalScanEvent)]);
    const dos = this.capEvents(this.dos.takeEvents());
    let sources: TelescopeBatch['sources'] = [];
    let intervals: TelescopeInterval[] = [];
    if (!eventsOnly) {
      this.stats.sourcesEvicted += this.sources.evicted;
      sources = this.sources.drain();
      intervals = this.finished.splice(0);
    }
    if (intervals.length + scans.length + dos.length + sources.length === 0) return;
    this.stats.scans += scans.length;
    this.stats.dos += dos.length;
    this.stats.batches++;
    const { sensorId } = this.config;
    this.batches.push({
      sensorId,
      monitoredAddresses: this.darknet.monitoredAddresses,
      intervals,
      scans,
      dos,
      sources,
    });
  }

  private capEvents<T extends ScanEvent | DosEvent>(events: T[]): T[] {
    const max = this.config.maxEventsPerBatch;
    if (events.length <= max) return events;
    this.stats.eventsDropped += events.length - max;
    return events.sort((a, b) => b.packets - a.packets).slice(0, max);
  }

  /**
   * Live streams: closes intervals and idle scans/attacks when the stream's clock, estimated as the last
   * packet time plus the wall time since it was first seen here, has passed them. Call every second or so.
   */
  tick(nowMs: number): void {
    if (this.lastT === -Infinity) return;
    if (this.lastT !== this.tickT) {
      this.tickT = this.lastT;
      this.tickWall = nowMs;
    }
    const est = this.lastT + (nowMs - this.tickWall) / 1000;
    if (this.prev && est >= this.prevCloseAt) this.closePrev();
    if (this.cur && est >= this.curEnd + this.config.latenessSeconds) {
      this.closePrev();
      this.closeCur();
    }
    this.scans.advance(est);
    this.dos.advance(est);
    // A quiet stream has no interval left to carry the scans and attacks that just ended: send them alone.
    if (!this.cur && !this.prev) this.emitBatch(true);
  }

  /** End of input: closes every interval, scan and attack and emits the last batch. */
  flush(): void {
    // Events first, so the last interval's batch carries them.
    this.scans.closeAll();
    this.dos.closeAll();
    this.closePrev();
    this.closeCur();
    this.emitBatch();
  }

  /** Resolves once pending reverse-DNS lookups are done (call before `flush` to tag late answers). */
  async settled(): Promise<void> {
    await this.ptr?.settled();
  }

  /** Batches finished since the last call, oldest first. */
  takeBatches(): TelescopeBatch[] {
    return this.batches.splice(0);
  }

  /** Flow tuples of intervals closed since the last call. */
  takeFlowTuples(): FlowTupleInterval[] {
    return this.tuples.splice(0);
  }

  /** Vertical scans (many ports, one source) closed so far; also uploaded as scans of kind `vertical`. */
  verticalScans(): VerticalScan[] {
    return [...this.vertical];
  }

  /** Work waiting to be taken (for back-pressure). */
  get pending(): number {
    return this.batches.length + this.tuples.length;
  }
}

/** A vertical scan in the wire format: port 0, the number of ports in `portCount`. */
function verticalScanEvent(v: VerticalScan): ScanEvent {
  return {
    kind: 'vertical',
    source: v.source,
    protocol: v.protocol,
    port: 0,
    portCount: v.ports,
    start: v.start,
    end: v.end,
    packets: v.packets,
    destinations: v.destinations,
    packetsPerSecond: v.packetsPerSecond,
    tags: [],
  };
}
