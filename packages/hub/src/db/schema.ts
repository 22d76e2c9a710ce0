export * from '../modules/audit/audit.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/cases/cases.table.js';
export * from '../modules/orgs/orgs.table.js';
export * from '../modules/catalogue/catalogue.table.js';
export * from '../modules/telescope/telescope.table.js';
export * from '../modules/alerts/alerts.table.js';
export * from '../modules/telescope-reports/telescope-reports.table.js';
