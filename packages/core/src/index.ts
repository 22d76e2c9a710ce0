export * from './attack.js';
export * from './behaviours.js';
export * from './case-id.js';
export * from './cases.js';
export * from './roles.js';
export * from './rubric.js';
export * from './sharing.js';
export * from './tlp.js';
