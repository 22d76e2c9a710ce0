/** Notifications and the audit log. */

export interface Notification {
  id: string;
  /** 'alert': a member alert of the user's organisation (no case). */
  kind: 'mention' | 'assigned' | 'alert' | 'cvd';
  caseId: string | null;
  /** Console path to open, for notifications not about a case. */
  link: string | null;
  caseRef: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
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
