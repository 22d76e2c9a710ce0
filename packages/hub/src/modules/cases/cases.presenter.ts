import type { CaseRow } from './cases.repository.js';
import type { caseFiles } from './cases.table.js';

type CaseWithOrg = CaseRow & { ownerOrgSlug?: string; ownerOrgNameEn?: string; ownerOrgNameJa?: string };

/** The API shape of a case. */
export function presentCase(row: CaseWithOrg) {
  const { createdBy: _createdBy, ...rest } = row;
  return rest;
}

export function presentFile(row: typeof caseFiles.$inferSelect) {
  const { uploadedBy: _by, casePk: _case, ...rest } = row;
  return rest;
}
