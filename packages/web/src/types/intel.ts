/**
 * Shapes of the hub's STIX 2.1 store (`/api/v1/intel/…`) as the console reads them: imported bundles, the objects
 * (newest version per object and owner) and an object's versions with their JSON.
 */
import type { Scope, Tlp } from './common';

/** One object in the list: its newest version visible to the reader. */
export interface StixObjectSummary {
  stixId: string;
  type: string;
  label: string | null;
  /** The version's `modified` (or `created`) timestamp. */
  version: string;
  revoked: boolean;
  tlp: Tlp;
  scope: Scope;
  ownerOrgId: string;
  dateAdded: string;
}

export interface StixObjectList {
  items: StixObjectSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface StixObjectVersion extends StixObjectSummary {
  object: Record<string, unknown>;
}

/** GET /intel/objects/:stixId: every visible version, oldest first. */
export interface StixObjectVersions {
  stixId: string;
  type: string;
  versions: StixObjectVersion[];
}

/** An object of a bundle that failed validation, with the property at fault. */
export interface StixImportProblem {
  /** Its position in the bundle's `objects` array. */
  index: number;
  id?: string;
  path: string;
  message: string;
}

export type StixImportStatus = 'running' | 'complete' | 'failed';

/** What POST /intel/bundles answers when the import ran (200 complete, 400 failed). */
export interface StixImportSummary {
  id: string;
  status: StixImportStatus;
  objects: number;
  stored: number;
  duplicates: number;
  invalid: number;
  problems: StixImportProblem[];
  error: string | null;
}

/** GET /intel/imports/:id. */
export interface StixImportDetail extends StixImportSummary {
  fileName: string | null;
  tlp: Tlp;
  scope: Scope;
  ownerOrgId: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface StixImportListItem {
  id: string;
  fileName: string | null;
  status: StixImportStatus;
  objects: number;
  stored: number;
  invalid: number;
  tlp: Tlp;
  startedAt: string;
}

export interface StixImportList {
  items: StixImportListItem[];
  total: number;
}
