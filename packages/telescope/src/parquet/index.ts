export { openDuckDB, withDuckDB, sqlString, type DuckDB } from './duckdb.js';
export {
  ParquetFlowTupleSink,
  FLOW_TUPLE_COLUMNS,
  createFlowTupleView,
  flowTuplePath,
  flowTupleRoot,
  flowTupleSource,
  intervalStamp,
  queryFlowTuples,
  utcDay,
  type ParquetFlowTupleSinkOptions,
} from './flowtuple-sink.js';
