import type { Actor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import { hashPassword } from '../auth/auth.crypto.js';
import { DEMO_CASES, DEMO_ORGS, DEMO_USERS, NANOCORE_BEHAVIOURS, NANOCORE_CASE_ID } from './demo-data.js';

/**
 * Loads NICT's 18 published CL12 cases, the NanoCore detailed report, two organisations and their users.
 * Idempotent: cases and people that exist already are left as they are.
 */
export async function loadDemo(services: Services): Promise<{ cases: number; users: string[] }> {
  const { authRepo } = services;
  const orgIds: string[] = [];
  for (const org of DEMO_ORGS) orgIds.push((await services.orgs.ensure(org)).id);
  const created: string[] = [];
  for (const user of DEMO_USERS) {
    const orgId = orgIds[DEMO_ORGS.findIndex((o) => o.slug === user.orgSlug)]!;
    let row = await authRepo.userByEmail(user.email);
    if (!row) {
      row = await authRepo.insertUser({
        email: user.email,
        displayName: user.displayName,
        passwordHash: await hashPassword(user.password),
      });
      created.push(user.email);
    }
    await authRepo.upsertMembership(row.id, orgId, user.role);
  }
  const analyst = DEMO_USERS.find((u) => u.orgSlug === DEMO_ORGS[0]!.slug && u.role === 'analyst') ?? DEMO_USERS[0]!;
  const analystRow = (await authRepo.userByEmail(analyst.email))!;
  const actor = (await services.actorOf(analystRow.id)) as Actor;
  let count = 0;
  for (const demoCase of DEMO_CASES) {
    const existing = await services.cases.list(actor, {
      q: demoCase.caseId,
      sort: 'caseId',
      order: 'asc',
      limit: 1,
      offset: 0,
    });
    if (existing.total > 0) continue;
    const row = await services.cases.create(actor, { ...demoCase, ownerOrgId: orgIds[0]! });
    if (row.caseId === NANOCORE_CASE_ID) await services.cases.addBehaviours(actor, row.id, NANOCORE_BEHAVIOURS);
    count += 1;
  }
  return { cases: count, users: created };
}
