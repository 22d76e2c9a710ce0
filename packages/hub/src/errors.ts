/** Stable error codes; each maps to one HTTP status in the error handler. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  IMPORT_FAILED: 400,
  UNKNOWN_TECHNIQUE: 400,
  UNKNOWN_CATEGORY: 400,
  SHARING_INVALID: 400,
  /** A publication embeds data its audience may not read. */
  EMBED_TOO_WIDE: 400,
  LEVEL_REASON_REQUIRED: 400,
  BAD_REQUEST: 400,
  CERTIFICATE_CODE_INVALID: 400,
  TOO_MANY_POINTS: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  BEHAVIOUR_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  ORG_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  LINK_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  SOURCE_NOT_FOUND: 404,
  PREFIX_NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  WATCHLIST_ENTRY_NOT_FOUND: 404,
  SENSOR_CREDENTIAL_NOT_FOUND: 404,
  COHORT_NOT_FOUND: 404,
  CERTIFICATE_NOT_FOUND: 404,
  SUBMISSION_NOT_FOUND: 404,
  CVD_CASE_NOT_FOUND: 404,
  CVD_ATTACHMENT_NOT_FOUND: 404,
  CVD_ADVISORY_NOT_FOUND: 404,
  CONFLICT: 409,
  CASE_ID_CONFLICT: 409,
  EMAIL_CONFLICT: 409,
  SLUG_CONFLICT: 409,
  PREFIX_CONFLICT: 409,
  SIGN_IN_TO_ACCEPT: 409,
  LAST_ADMIN: 409,
  DELIVERY_NOT_RETRYABLE: 409,
  SENSOR_CREDENTIAL_CONFLICT: 409,
  WATCHLIST_ENTRY_CONFLICT: 409,
  WATCHLIST_FULL: 409,
  ASSESSMENT_TAKEN: 409,
  PRE_ASSESSMENT_FIRST: 409,
  COMPLETION_NOT_MET: 409,
  CERTIFICATE_ISSUED: 409,
  CERTIFICATE_REVOKED: 409,
  COHORT_NOT_OPEN: 409,
  TEAM_MEMBER_CONFLICT: 409,
  SUBMISSION_GRADED: 409,
  CVD_TRANSITION_INVALID: 409,
  CVD_REVISION_STALE: 409,
  CVD_ATTACHMENTS_FULL: 409,
  /** Publishing an advisory before the case's embargo ends, without a reason. */
  CVD_EMBARGO_ACTIVE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  LABS_FULL: 429,
  INTERNAL: 500,
  BUSY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  path: string;
  message: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** A failure a caller can act on, with a stable code. Services throw it; the error handler presents it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      fields?: FieldProblem[];
      rows?: RowProblem[];
      retryAfterSeconds?: number;
      /** When a cohort is open for learners' work (COHORT_NOT_OPEN). */
      schedule?: { startsAt: string; endsAt: string };
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
