/** Shapes of the fusion API (GET /api/v1/fusion and /api/v1/fusion/graph): every record that mentions a value. */
import type { Scope, Tlp } from './common';

export const FUSION_RECORD_TYPES = [
  'case',
  'behaviour',
  'stix',
  'telescope_source',
  'telescope_event',
  'decoy_session',
] as const;
export type FusionRecordType = (typeof FUSION_RECORD_TYPES)[number];

export const FUSION_KINDS = ['ip', 'domain', 'url', 'hash', 'email', 'attack', 'family', 'cve'] as const;
export type FusionKind = (typeof FUSION_KINDS)[number];

export interface FusionRecord {
  recordType: FusionRecordType;
  recordId: string;
  label: string;
  kind: FusionKind;
  /** The value as the record mentions it (a prefix that contains the searched address, for example). */
  value: string;
  firstSeen: string | null;
  lastSeen: string | null;
  ownerOrgId: string | null;
  scope: Scope;
  marking: Tlp;
  /** The record's console path, or null when it has no page. */
  link: string | null;
}

export interface FusionResult {
  query: { kind: FusionKind; value: string };
  total: number;
  groups: { recordType: FusionRecordType; count: number }[];
  records: FusionRecord[];
}

export interface FusionGraphNode {
  id: string;
  kind: 'value' | 'record';
  /** A value's kind (ip, domain…) or a record's type (case, telescope_source…). */
  type: string;
  label: string;
  value?: string;
}

export interface FusionGraph {
  nodes: FusionGraphNode[];
  edges: { source: string; target: string }[];
}
