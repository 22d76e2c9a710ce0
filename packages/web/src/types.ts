/** Shapes of the hub's REST API v1 (docs/api.md). Enum types come from @cynex/core as types only. */
import type {
  CaseFacts,
  DosEvent,
  ProgressLevel,
  Programme,
  Role,
  ScanEvent,
  Scope,
  Sector,
  SourceProfile,
  SourceTag,
  Tlp,
} from '@cynex/core';

export type {
  CaseFacts,
  DosEvent,
  ProgressLevel,
  Programme,
  Role,
  ScanEvent,
  Scope,
  Sector,
  SourceProfile,
  SourceTag,
  Tlp,
};
export type Lang = 'ja' | 'en';
export type CaseStatus = 'observing' | 'closed';
export type EnvironmentKind = 'decoy' | 'external';
export type C2State = NonNullable<CaseFacts['c2']>;

export interface Membership {
  orgId: string;
  orgSlug: string;
  orgNameEn: string;
  orgNameJa: string;
  role: Role;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  locale: Lang | null;
  isPlatformAdmin: boolean;
  memberships: Membership[];
}

export interface SessionResponse {
  user: Me;
  csrfToken: string | null;
}

export interface LinkInfo {
  kind: 'invitation' | 'password_reset' | 'first_admin';
  email: string;
  /** For invitations: the address has an account, which accepts the invitation signed in (never by password). */
  existingAccount?: boolean;
  orgNameEn?: string;
  orgNameJa?: string;
  role?: Role;
  expiresAt?: string;
}

/** An invitation waiting for the signed-in person. */
export interface PendingInvitation {
  id: string;
  orgId: string;
  orgSlug: string;
  orgNameEn: string;
  orgNameJa: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface Org {
  id: string;
  slug: string;
  nameEn: string;
  nameJa: string;
  sector: Sector;
  programmes: Programme[];
  memberCount: number;
  createdAt: string;
}

export type OrgInput = Pick<Org, 'slug' | 'nameEn' | 'nameJa' | 'sector' | 'programmes'>;

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  lockedUntil: string | null;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface OneTimeLink {
  id?: string;
  link: string;
  expiresAt: string;
}

export interface PlatformUser {
  id: string;
  email: string;
  displayName: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  memberships: Membership[];
}

export interface SharingGroup {
  id: string;
  name: string;
  ownerOrgId: string;
  orgIds: string[];
  createdAt: string;
}

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Case {
  id: string;
  caseId: string;
  ownerOrgId: string;
  ownerOrgNameEn: string;
  ownerOrgNameJa: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: string[];
  environmentKind: EnvironmentKind;
  environmentCode: string;
  environmentName: string;
  environmentNameJa: string;
  startDate: string;
  endDate: string | null;
  sampleName: string;
  malwareFamily: string;
  progressLevel: ProgressLevel;
  /** null while nothing is recorded: "not yet assessed". */
  suggestedLevel: ProgressLevel | null;
  summaryJa: string;
  summaryEn: string;
  status: CaseStatus;
  analystUserIds: string[];
  facts: CaseFacts;
  createdAt: string;
  updatedAt: string;
}

/** Fields an analyst edits; the hub fills the rest. */
export type CaseInput = Pick<
  Case,
  | 'caseId'
  | 'scope'
  | 'marking'
  | 'sharingGroupId'
  | 'recipientUserIds'
  | 'environmentKind'
  | 'environmentCode'
  | 'environmentName'
  | 'environmentNameJa'
  | 'startDate'
  | 'endDate'
  | 'sampleName'
  | 'malwareFamily'
  | 'summaryJa'
  | 'summaryEn'
  | 'status'
  | 'analystUserIds'
  | 'facts'
> & { ownerOrgId?: string; progressLevel?: ProgressLevel; progressLevelReason?: string };

export interface CaseList {
  items: Case[];
  total: number;
  limit: number;
  offset: number;
}

export interface CaseFile {
  id: string;
  kind: 'sample' | 'attachment';
  behaviourId: string | null;
  filename: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
  uploadedAt: string;
}

export interface Behaviour {
  id: string;
  occurredAt: string;
  category: string;
  action: string;
  actionJa: string;
  techniqueIds: string[];
  notes: string;
  notesJa: string;
  attachments: CaseFile[];
  createdAt: string;
}

export interface BehaviourInput {
  occurredAt: string;
  category: string;
  action: string;
  actionJa?: string;
  techniqueIds: string[];
  notes?: string;
  notesJa?: string;
}

export interface Bilingual {
  en: string;
  ja: string;
}

export interface LevelSuggestion {
  level: ProgressLevel;
  reasons: Bilingual[];
}

export interface LevelChange {
  fromLevel: ProgressLevel | null;
  toLevel: ProgressLevel;
  reason: string;
  reasonJa: string;
  byUserId: string;
  byName: string;
  at: string;
}

export interface CaseDetail {
  case: Case;
  behaviours: Behaviour[];
  files: CaseFile[];
  levelHistory: LevelChange[];
  /** null while nothing is recorded: "not yet assessed". */
  suggestion: LevelSuggestion | null;
  techniques: { id: string; name: string; tactics: string[] }[];
}

export interface CaseStats {
  total: number;
  byLevel: { level: ProgressLevel; count: number }[];
  byFamily: { family: string; count: number }[];
  byMonth: { month: string; count: number }[];
  recent: { id: string; caseId: string; malwareFamily: string; progressLevel: ProgressLevel; updatedAt: string }[];
}

export interface Comment {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  mentions: string[];
  createdAt: string;
}

export interface Notification {
  id: string;
  /** 'alert': a member alert of the user's organisation (no case). */
  kind: 'mention' | 'assigned' | 'alert';
  caseId: string | null;
  caseRef: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface AttackTechniqueItem {
  id: string;
  name: string;
  tactics: string[];
  subtechnique: boolean;
  url: string;
}

export interface AttackTacticItem {
  id: string;
  shortname: string;
  name: string;
}

export interface BehaviourCategoryItem extends Bilingual {
  key: string;
}

export interface ProgressLevelItem extends Bilingual {
  level: ProgressLevel;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  orgId: string | null;
  ip: string | null;
  details: unknown;
}

/** A person the signed-in user may name on a case (GET /colleagues). */
export interface Colleague {
  id: string;
  displayName: string;
  email: string;
  orgs: { id: string; nameEn: string; nameJa: string }[];
}

export interface Items<T> {
  items: T[];
}

/* Darknet telescope (docs/telescope-api.md). Event and profile shapes come from @cynex/core as types only. */

export type Granularity = '5m' | '1h' | '1d';

export interface TelescopePoint {
  t: string;
  packets: number;
  bytes: number;
  uniqueSources: number;
  uniqueDestinations: number;
  tcp: number;
  udp: number;
  icmp: number;
  backscatter: number;
}

export interface TelescopeSeries {
  granularity: Granularity;
  items: TelescopePoint[];
}

export type TopDimension = 'country' | 'tcp_port' | 'udp_port' | 'asn';

export interface TelescopeTopItem {
  key: string | number;
  label?: string;
  packets: number;
  sources: number;
  /** 0..1 of all sources in the period. */
  share: number;
}

export interface TelescopeTop {
  dimension: TopDimension;
  total: { packets: number; sources: number };
  items: TelescopeTopItem[];
  other: { packets: number; sources: number };
}

export interface TelescopeMap {
  items: { cc: string; packets: number; sources: number }[];
}

export interface TelescopeHeatmap {
  items: { dstBlock: number; portBucket: number; packets: number }[];
  /** How many destination blocks and port buckets there are (or their labels). */
  dstBlocks: number | (string | number)[];
  portBuckets: number | (string | number)[];
  /** Ports per bucket, when the hub tells; the buckets are then labelled with their port ranges. */
  portBucketSize?: number;
}

export interface TelescopeSensor {
  sensorId: string;
  monitoredAddresses?: number;
  lastUploadAt?: string | null;
}

export interface TelescopeSummary {
  packets: number;
  bytes: number;
  monitoredAddresses: number;
  packetsPerAddress: number;
  secondsPerPacketPerAddress: number | null;
  researchShare: number;
  miraiShare: number;
  sensors: TelescopeSensor[];
}

/** A scan as the events API lists it: `kind` is the list's ('scan'), `scanKind` horizontal or vertical. */
export type TelescopeScan = Omit<ScanEvent, 'kind'> & {
  id?: string;
  sensorId?: string;
  kind?: string;
  scanKind?: ScanEvent['kind'];
};
export type TelescopeDos = DosEvent & { id?: string; sensorId?: string };
/** A backscatter victim summed over the intervals of the period that named it. */
export interface TelescopeBackscatter {
  victimKind: 'flood' | 'reflection';
  victim: string;
  protocol: string;
  packets: number;
  bytes: number;
  reflectors: number;
  intervals: number;
  first: string;
  last: string;
  ports: number[];
}
export type TelescopeEventKind = 'scan' | 'dos' | 'backscatter';

export interface TelescopeEventList<T> {
  items: T[];
  total: number;
}

/** A sighting of the address in the decoy environments; the hub decides the fields, these are the known ones. */
export interface DecoySighting {
  id?: string;
  caseId?: string;
  caseRef?: string;
  environmentCode?: string;
  environmentName?: string;
  malwareFamily?: string;
  kind?: string;
  role?: string;
  sensorId?: string;
  port?: number | string | null;
  at?: string;
  firstSeen?: string;
  lastSeen?: string;
  count?: number;
}

export interface TelescopeSourceDetail {
  source: string;
  profile: (SourceProfile & { asName?: string }) | null;
  scans: TelescopeScan[];
  dos: TelescopeDos[];
  /** Backscatter that named this address as a victim (DoS event or not). */
  backscatter: TelescopeBackscatter[];
  decoySightings: DecoySighting[];
}

export type AlertKind = 'darknet' | 'decoy';
export type AlertStatus = 'open' | 'acknowledged';

export interface AlertHistoryEntry {
  at: string;
  action: string;
  by: string | null;
  note?: string | null;
  details?: Record<string, unknown> | null;
}

export interface MemberAlert {
  id: string;
  orgId: string;
  host: string;
  /** YYYY-MM-DD */
  day: string;
  kinds: AlertKind[];
  packets: number;
  ports: string[];
  firstSeen: string;
  lastSeen: string;
  evidence: Record<string, unknown>;
  status: AlertStatus;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  history: AlertHistoryEntry[];
}

export interface AlertList {
  items: MemberAlert[];
  total: number;
}

export interface OrgPrefix {
  id: string;
  orgId: string;
  cidr: string;
  note: string;
  /** Pending prefixes alert nobody until a platform admin approves them. */
  status: 'pending' | 'approved';
  approvedAt: string | null;
  createdAt: string;
}

/** A prefix as platform admins review it. */
export interface ReviewedPrefix extends OrgPrefix {
  orgSlug: string;
  orgNameEn: string;
  orgNameJa: string;
}

export interface AlertSettings {
  emails: string[];
  webhookUrl: string | null;
  /** The secret that verifies x-cynex-signature; the hub shows it to the organisation's admins. */
  webhookSecret?: string | null;
  updatedAt?: string | null;
}

export interface AlertSettingsInput {
  emails: string[];
  webhookUrl: string | null;
  /** Issue a new webhook secret (the old one stops verifying at once). */
  rotateWebhookSecret?: boolean;
}

export interface SelfCheckDecoy {
  events?: number;
  attacks?: number;
  count?: number;
  ports?: string[];
  firstSeen?: string;
  lastSeen?: string;
  kinds?: string[];
}

/** Why the hub could not check an address: it is not routed on the Internet, so the darknet never sees it. */
export type SelfCheckUncheckable = 'loopback' | 'private' | 'link-local' | 'shared' | 'unspecified' | 'reserved';

export interface SelfCheckResult {
  address: string;
  checkedAt: string;
  windowHours: number;
  /** false for a loopback, private or otherwise non-public address; `reason` says which. */
  checkable: boolean;
  reason: SelfCheckUncheckable | null;
  seen: boolean;
  darknet: { packets: number; ports: string[]; firstSeen: string; lastSeen: string } | null;
  decoy: SelfCheckDecoy | null;
}
