export { configFromEnv, publicBaseUrl, type Config, type ConfigInput } from './config.js';
export { openDatabase, type Database, type Db } from './db/client.js';
export { buildApp, type Hub } from './app.js';
export { createHub, bootstrapAdmin, type RunningHub } from './hub.js';
export { loadDemo } from './modules/demo/demo.loader.js';
export { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/demo-data.js';
export { publicLink } from './platform/links.js';
export { AuditService, type AuditVerification } from './modules/audit/audit.service.js';
export { sensorCredentialBody } from './modules/sensors/sensor-credentials.routes.js';
