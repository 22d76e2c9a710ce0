/** Shapes of the hub's REST API v1 (docs/api.md), one file per domain; import them from here. */
export type * from './common';
export type * from './auth';
export type * from './orgs';
export type * from './cases';
export type * from './catalogues';
export type * from './activity';
export type * from './telescope';
export type * from './alerts';
export type * from './sensors';
