export {
  dosConfigSchema,
  parseTelescopeConfig,
  scanConfigSchema,
  telescopeConfigSchema,
  type TelescopeConfig,
  type TelescopeConfigInput,
} from './config.js';
export { parseCidr, parseIPv6, RangeSet4, type Cidr } from './cidr.js';
export { Darknet } from './darknet.js';
export { CLASS, className, classify, PROTO, PROTOCOLS, protocolIndex, type ProtocolName } from './classify.js';
export {
  FingerprintCounts,
  packetFingerprints,
  significantMatches,
  TAG,
  tagNames,
  ZMAP_IP_ID,
} from './fingerprints.js';
export { parseResearchList, PtrQueue, ResearchList, type ResearchListInput, type ResolvePtr } from './research.js';
export { Hll, type DenseBudget } from './hll.js';
export { hash128, mix32, U32Map } from './u32map.js';
export {
  ccIndex,
  ccText,
  countryOf,
  geoAsn,
  geoCc,
  IpLocationGeo,
  NO_GEO,
  type GeoLookup,
  type IpLocationFiles,
  type IpLocationOptions,
  type PackedGeo,
} from './geo/geo.js';
export { AsnNames, AsnTable } from './geo/asn-table.js';
export { CountryTable } from './geo/country-table.js';
export { RangeTable, RangeTableBuilder } from './geo/range-table.js';
export {
  decodeGeoTables,
  defaultGeoCacheFile,
  encodeGeoTables,
  GEO_CACHE_FORMAT,
  geoSources,
  loadGeoTables,
  prepareGeoCache,
  type GeoCacheReport,
  type GeoSources,
  type GeoTables,
  type GeoTablesLoad,
} from './geo/geo-cache.js';
export { IntervalStats, Slice, HEATMAP_MAX, PORT_BUCKETS, TOP_GEO, TOP_PORTS } from './aggregator.js';
export { ScanDetector, type VerticalScan } from './scans.js';
export { DosDetector } from './dos.js';
export { SourceTable, SourceState, LISTED_PORTS } from './sources.js';
export { FlowTupleTable, MemoryFlowTupleSink, type FlowTupleRow, type FlowTupleSink } from './flowtuple.js';
export { PacketFacts } from './facts.js';
export { addressFacts, describePacket } from './describe.js';
export { TelescopePipeline, type FlowTupleInterval, type PipelineOptions, type PipelineStats } from './pipeline.js';
export { runIngest, type IngestFileResult, type IngestOptions, type IngestResult } from './ingest.js';
export {
  HubBatchSink,
  HubRejectedError,
  JsonLinesSink,
  MemoryBatchSink,
  splitBatch,
  type BatchSink,
  type HubBatchSinkOptions,
} from './sinks.js';
export { formatProgress, ProgressBar, type ProgressOutput, type ProgressState } from './progress.js';
export {
  INGEST_USAGE,
  IngestUsageError,
  parseIngestOptions,
  telescopeIngestCommand,
  type IngestIo,
  type TelescopeIngestOptions,
} from './ingest-command.js';
