export * from './classify.js';
export * from './cowrie.js';
export * from './events.js';
export * from './measure.js';
export * from './rules.js';
export * from './shell.js';
export * from './sync.js';
