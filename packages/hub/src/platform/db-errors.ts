/** PostgreSQL's SQLSTATE of an error from either driver (node-postgres and PGlite put it on the error or its cause). */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A unique or exclusion constraint refused the write: another request wrote the same key first. */
export const isUniqueViolation = (error: unknown): boolean => {
  const state = sqlState(error);
  return state === '23505' || state === '23P01';
};
