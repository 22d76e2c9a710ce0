import { randomBytes } from 'node:crypto';
import type { Actor, UserActor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import { hashPassword } from '../auth/auth.crypto.js';
import { loadDemoDarknet, type DemoDarknetResult } from './demo-darknet.js';
import { DEMO_CASES, DEMO_ORGS, DEMO_USERS, NANOCORE_BEHAVIOURS, NANOCORE_CASE_ID } from './demo-data.js';

/** The account the demo's sensor uploads under: no password anyone knows, so nobody signs in as it. */
export const DEMO_SENSOR_EMAIL = 'sensor@demo.cynex.example';

export interface DemoLoaded {
  cases: number;
  users: string[];
  darknet: DemoDarknetResult;
}

/**
 * Loads NICT's 18 published CL12 cases, the NanoCore detailed report, two organisations and their users, and a
 * day of darknet observations with the member's alerts and the quarter's report (see demo-darknet.ts).
 * Idempotent: cases and people that exist already are left as they are, and the darknet day is loaded only when
 * the demo sensor has nothing for the last 24 hours.
 */
export async function loadDemo(services: Services, now = new Date()): Promise<DemoLoaded> {
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
  const admin = DEMO_USERS.find((u) => u.orgSlug === DEMO_ORGS[0]!.slug && u.role === 'org_admin')!;
  const darknet = await loadDemoDarknet(
    services,
    {
      platform: await demoSensor(services),
      memberOrgId: orgIds[1]!,
      reporter: (await services.actorOf((await authRepo.userByEmail(admin.email))!.id)) as Actor,
      reporterOrgId: orgIds[0]!,
    },
    now,
  );
  return { cases: count, users: created, darknet };
}

/**
 * The demo sensor acts with a platform admin's rights, as a sensor's token does (uploads, approving the member's
 * prefix); the account itself is not a platform admin and cannot sign in, so the demo opens no door.
 */
async function demoSensor(services: Services): Promise<UserActor> {
  const { authRepo } = services;
  const row =
    (await authRepo.userByEmail(DEMO_SENSOR_EMAIL)) ??
    (await authRepo.insertUser({
      email: DEMO_SENSOR_EMAIL,
      displayName: 'デモセンサー (demo sensor)',
      passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
    }));
  return {
    kind: 'user',
    userId: row.id,
    email: row.email,
    displayName: row.displayName,
    isPlatformAdmin: true,
    memberships: [],
    ip: '127.0.0.1',
  };
}
