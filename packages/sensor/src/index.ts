export * from './world/schema.js';
export {
  loadWorld,
  loadWorldFile,
  formatWorldError,
  MAX_WORLD_BYTES,
  MAX_ALIAS_COUNT,
  type WorldError,
  type LoadResult,
} from './world/loader.js';
export { writeWorld } from './world/writer.js';
export { generateWorld, LIMITS, type GenOptions } from './world/generate.js';
export { hostFileSystem, HostFileSystem, type VfsEntry } from './world/filesystem.js';
export { attachHostKeys, writeHostKeys, nodeKeyMaker, type HostKeyPair, type KeyMaker } from './world/host-keys.js';
export { accountPassword, employeeOf, findHost } from './world/accounts.js';
export { Random } from './world/random.js';
export { worldCommand, WORLD_USAGE } from './world/world-command.js';
export {
  runSensor,
  sensorCommand,
  SENSOR_USAGE,
  SENSOR_VERSION,
  type RunSensorOptions,
  type RunningSensor,
  type SensorStatus,
} from './runtime/index.js';
