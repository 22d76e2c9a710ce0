import type { LearningModule } from '../load/module-validator.js';
import { parseKsaRef } from '../nice/ksa-ref.js';
import {
  niceCatalogue,
  type KsaKind,
  type KsaLevel,
  type NiceCatalogue,
  type NiceWorkRole,
} from '../nice/nice-catalogue.js';
import type { Course } from '../schema/course.schema.js';

export interface CoveredKsa {
  id: string;
  kind: KsaKind;
  /** The highest level at which a module of the course gives it. */
  level: KsaLevel;
  /** The modules giving it, in course order. */
  modules: string[];
}

export interface CourseCoverage {
  course: string;
  workRole: NiceWorkRole;
  /** The role's KSAs the course's modules give. */
  covered: CoveredKsa[];
  /** The role's KSAs no module of the course gives (ids in the catalogue only). */
  missing: string[];
  /** covered / (covered + missing), 0–1 */
  share: number;
}

/**
 * Which of the work role's KSA ids the course's modules acquire (pages' `acquired`), at which highest level, and
 * which are missing. Modules of the course not in `modules` count as giving nothing. Throws on an unknown role.
 */
export function courseCoverage(
  course: Course,
  modules: Iterable<LearningModule>,
  workRoleId: string,
  catalogue: NiceCatalogue = niceCatalogue(),
): CourseCoverage {
  const workRole = catalogue.workRoles.get(workRoleId);
  if (!workRole) throw new RangeError(`unknown NICE work role ${workRoleId}`);
  const byId = new Map([...modules].map((m) => [m.id, m]));
  const given = new Map<string, { level: KsaLevel; modules: string[] }>();
  for (const moduleId of course.modules) {
    for (const page of byId.get(moduleId)?.pages ?? []) {
      for (const ref of page.acquired) {
        const parsed = parseKsaRef(ref);
        if (!parsed) continue;
        const entry = given.get(parsed.id) ?? { level: parsed.level, modules: [] };
        entry.level = Math.max(entry.level, parsed.level) as KsaLevel;
        if (!entry.modules.includes(moduleId)) entry.modules.push(moduleId);
        given.set(parsed.id, entry);
      }
    }
  }
  const covered: CoveredKsa[] = [];
  const missing: string[] = [];
  for (const id of workRole.ksa) {
    const entry = given.get(id);
    const kind = catalogue.ksa.get(id)?.kind ?? 'knowledge';
    if (entry) covered.push({ id, kind, level: entry.level, modules: entry.modules });
    else missing.push(id);
  }
  const total = covered.length + missing.length;
  return { course: course.id, workRole, covered, missing, share: total === 0 ? 0 : covered.length / total };
}
