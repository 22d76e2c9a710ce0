/**
 * The roles a person can hold, kept apart from their zod schema (`roles.ts`) so that the CLI's help can list them
 * without loading zod.
 *
 * @example
 * ROLES.includes('analyst'); // true
 */
export const ROLES = ['platform_admin', 'org_admin', 'analyst', 'instructor', 'learner', 'vendor', 'viewer'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
