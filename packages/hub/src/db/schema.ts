export * from '../modules/audit/audit.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/cases/cases.table.js';
export * from '../modules/orgs/orgs.table.js';
export * from '../modules/catalogue/catalogue.table.js';
