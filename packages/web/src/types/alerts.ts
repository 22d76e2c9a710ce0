/** Member alerts, the organisation's prefixes and alert delivery settings, and the public self-check. */

export type AlertKind = 'darknet' | 'decoy' | 'watchlist';
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

/* The organisation's outgoing deliveries (alert e-mail and webhooks), for its admins. */
export type DeliveryState = 'queued' | 'retrying' | 'delivered' | 'dead';

export interface DeliveryJob {
  id: string;
  orgId: string;
  channel: 'email' | 'webhook';
  topic: string;
  idempotencyKey: string;
  about: { type: string; id: string; label: string }[];
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  target: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  retryable: boolean;
}

export interface DeliveryList {
  items: DeliveryJob[];
  total: number;
}
