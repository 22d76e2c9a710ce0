/** What every lab grader speaks: one HTTP exchange with a running lab instance, and the checks it reports. */

/** A request to the lab, path including the query string (`/search?q=...`). */
export interface LabRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LabResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The runner's `request` against an instance, or `fetch` against a port in tests. */
export type SendToLab = (req: LabRequest) => Promise<LabResponse>;

export interface LocalizedText {
  en: string;
  ja: string;
}

/** `exploit`: an attack from the hidden set must fail; `function`: the lab must still do its job. */
export type GradeCheckKind = 'exploit' | 'function';

export interface GradeCheck {
  id: string;
  kind: GradeCheckKind;
  title: LocalizedText;
  passed: boolean;
  /** What was sent and seen, for the learner and the instructor (English). */
  detail: string;
}

export interface GradeResult {
  passed: boolean;
  checks: GradeCheck[];
}
