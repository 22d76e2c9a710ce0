export { DATASET_COLUMNS, exportDataset, type ExportDatasetOptions, type ExportDatasetResult } from './export.js';
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
