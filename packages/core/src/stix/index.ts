export { canonicalJson } from './canonical-json.js';
export * from './markings.js';
export * from './sco-id.js';
export { uuidV5 } from './uuid-v5.js';
export * from './validate.js';
