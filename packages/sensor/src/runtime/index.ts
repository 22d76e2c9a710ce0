export { runSensor, SENSOR_VERSION, type RunSensorOptions, type RunningSensor, type SensorStatus } from './sensor.js';
export { sensorCommand, SENSOR_USAGE, type SensorCommandDeps } from './sensor-command.js';
export { DEFAULT_STARTERS, type Starter, type Starters, type StarterOptions } from './starters.js';
export { HubClient, HubError, type HubErrorCode } from './hub-client.js';
export { Spool, DEFAULT_SPOOL_OPTIONS, type SpoolOptions } from './spool.js';
export { FileCaptureStore } from './captures.js';
