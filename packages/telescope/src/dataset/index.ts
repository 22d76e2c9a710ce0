export {
  DATASET_COLUMNS,
  DATASET_FORMATS,
  exportDataset,
  flowTupleDays,
  type DatasetFormat,
  type ExportDatasetOptions,
  type ExportDatasetResult,
} from './export.js';
export {
  addressBytes,
  datasetKeyPath,
  hashSource,
  loadOrCreateDatasetKey,
  low16,
  DATASET_KEY_BYTES,
  HASH_HEX_CHARS,
  MIN_DATASET_KEY_BYTES,
} from './anonymise.js';
export {
  EXPORT_USAGE,
  ExportUsageError,
  parseExportOptions,
  telescopeExportCommand,
  type ExportIo,
  type TelescopeExportOptions,
} from './export-command.js';
