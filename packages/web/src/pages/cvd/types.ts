/** What the hub's /cvd/cases API answers (packages/hub/src/modules/cvd/cvd.service.ts). */
export const CVD_STATUSES = ['received', 'triaged', 'vendor_notified', 'fix_available', 'published', 'closed'] as const;
export type CvdStatus = (typeof CVD_STATUSES)[number];

export interface CvdCaseSummary {
  id: string;
  ref: string;
  titleJa: string;
  titleEn: string;
  product: string;
  vendorName: string;
  status: CvdStatus;
  cvss31Score: number | null;
  cvss40Score: number | null;
  cveId: string | null;
  embargoUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CvdEvent {
  id: string;
  fromStatus: CvdStatus | null;
  toStatus: CvdStatus;
  note: string;
  actorUserId: string | null;
  createdAt: string;
}

export interface CvdCase extends CvdCaseSummary {
  reporterOrgId: string;
  reporterUserId: string | null;
  reporterCredit: string;
  descriptionJa: string;
  descriptionEn: string;
  vendorOrgId: string | null;
  affectedVersions: string;
  fixedVersions: string;
  proof: string;
  closedReason: string | null;
  cvss31Vector: string | null;
  cvss40Vector: string | null;
  cweId: string | null;
  publishedAt: string | null;
  revision: number;
  reporterOrg: { id: string; nameEn: string; nameJa: string } | null;
  vendorOrg: { id: string; nameEn: string; nameJa: string } | null;
  coordinators: { id: string; displayName: string; email: string }[];
  permissions: { write: boolean; addContact: boolean; vendorOnly: boolean; assignCoordinators: boolean };
  nextStatuses: CvdStatus[];
  events: CvdEvent[];
}

export interface CvdContact {
  id: string;
  at: string;
  direction: 'outbound' | 'inbound' | 'internal';
  contact: string;
  channel: string;
  summary: string;
  createdAt: string;
}

export interface CvdAttachment {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** The case's title in the console language, else the other one. */
export const caseTitle = (c: { titleJa: string; titleEn: string }, lang: 'ja' | 'en') =>
  (lang === 'ja' ? c.titleJa || c.titleEn : c.titleEn || c.titleJa) || '—';

/** Whole days from now until the date (negative once passed). */
export const daysUntil = (iso: string, now = Date.now()) => Math.ceil((Date.parse(iso) - now) / 86_400_000);
