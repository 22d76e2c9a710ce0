export { configFromEnv, publicBaseUrl, type Config, type ConfigInput } from './config.js';
export { openDatabase, type Database, type Db } from './db/client.js';
export { buildApp, type Hub } from './app.js';
export { createHub, bootstrapAdmin, type RunningHub } from './hub.js';
export { loadDemo } from './modules/demo/demo.loader.js';
export {
  startDecoyDemo,
  parseDemoPorts,
  DEFAULT_DEMO_PORTS,
  DEMO_WORLD_ID,
  type DecoyDemo,
} from './modules/decoy-demo/decoy-demo.js';
export { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/demo-data.js';
export { publicLink } from './platform/links.js';
export { AuditService, type AuditVerification } from './modules/audit/audit.service.js';
export { sensorCredentialBody } from './modules/sensors/sensor-credentials.routes.js';
export { importCowrie, type CowrieImportSummary } from './modules/decoy-analysis/cowrie-import.js';
export { worldsCli, type WorldsCliDeps, type WorldsCreateOptions } from './modules/decoy/decoy-worlds.cli.js';
