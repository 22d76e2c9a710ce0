import { sharingProblems, type DecoyAssignments, type Scope, type Tlp } from '@cynex/core';
import type { KeyMaker, World } from '@cynex/sensor';
import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { assertSensorUpload } from '../telescope/sensor-upload.js';
import type { DecoyWorldsRepository, WorldInsert, WorldRow } from './decoy-worlds.repository.js';
import { presentContents, presentWorld, type WorldView } from './decoy-worlds.presenter.js';
import type { WorldCreateBody, WorldListQuery, WorldUpdateBody } from './decoy.schema.js';
import {
  checkBindings,
  environmentCodeOf,
  generateDefinition,
  parseDefinition,
  withHostKeys,
  type PreparedWorld,
} from './world-definition.js';

export interface DecoyWorldsOptions {
  now?: () => Date;
  /** Host key generation (tests pass a faster one); real randomness by default. */
  keyMaker?: KeyMaker;
}

/** Managing worlds is platform work: platform admins only, told so in the 403. */
function requireManager(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  if (!actor.isPlatformAdmin) throw new AppError('FORBIDDEN', 'only platform admins manage decoy worlds');
  if (actor.tokenScopes && !actor.tokenScopes.includes('write')) {
    throw new AppError('FORBIDDEN', 'this API token is read-only');
  }
  return actor;
}

function checkSharing(marking: Tlp, scope: Scope): void {
  const problems = sharingProblems({ marking, scope });
  if (problems.length > 0) {
    throw new AppError('SHARING_INVALID', problems[0]!.message, {
      fields: problems.map((p) => ({ path: p.field === 'marking' ? 'tlp' : p.field, message: p.message })),
    });
  }
}

const personaOf = (world: World) => ({
  nameJa: world.organisation.name.ja,
  nameEn: world.organisation.name.en,
  domain: world.organisation.domain,
  sector: world.organisation.sector,
  lang: world.lang,
});

/**
 * Decoy worlds: the hub is their source of truth. Platform admins create (from YAML or generated), edit, start,
 * stop, reset, lend and delete them; every change bumps what the sensor polls and is audited. Users see the
 * worlds the one policy lets them see (and those lent to their organisation), never the host keys.
 */
export class DecoyWorldsService {
  private readonly now: () => Date;

  constructor(
    private readonly repo: DecoyWorldsRepository,
    private readonly audit: AuditService,
    private readonly options: DecoyWorldsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private async present(actor: Actor, rows: WorldRow[]): Promise<WorldView[]> {
    const [statuses, counts, names] = await Promise.all([
      this.repo.statuses([...new Set(rows.map((r) => r.sensorId))]),
      this.repo.sessionCounts(
        actor,
        rows.map((r) => r.id),
      ),
      this.repo.orgNames(rows.flatMap((r) => (r.lentToOrgId ? [r.lentToOrgId] : []))),
    ]);
    const now = this.now().getTime();
    return rows.map((row) =>
      presentWorld(row, {
        status: statuses.get(row.sensorId),
        sessions: counts.get(row.id),
        lentToName: row.lentToOrgId ? names.get(row.lentToOrgId) : undefined,
        now,
      }),
    );
  }

  async list(actor: Actor, query: WorldListQuery) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const { items, total } = await this.repo.list(actor, query);
    return { items: await this.present(actor, items), total, limit: query.limit, offset: query.offset };
  }

  async get(actor: Actor, id: string) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const row = await this.repo.visible(actor, id);
    if (!row) throw new AppError('NOT_FOUND', `no decoy world ${id}`);
    const [view] = await this.present(actor, [row]);
    const admin = actor.isPlatformAdmin;
    const contents = presentContents(parseDefinition(row.definition), admin);
    return { ...view!, ...contents, ...(admin ? { definition: row.definition } : {}) };
  }

  private async prepare(body: WorldCreateBody): Promise<{ prepared: PreparedWorld; kind: WorldRow['kind'] }> {
    if (body.generate) {
      const world = generateDefinition(body.generate, this.now());
      return { prepared: await withHostKeys(world, undefined, this.options.keyMaker), kind: 'generated' };
    }
    const world = parseDefinition(body.definition!);
    return { prepared: await withHostKeys(world, undefined, this.options.keyMaker), kind: 'uploaded' };
  }

  async create(actor: Actor, body: WorldCreateBody) {
    const user = requireManager(actor);
    checkBindings(body.bindings, body.allowPublic);
    checkSharing(body.tlp, body.scope);
    const ownerOrgId = body.ownerOrgId ?? user.memberships[0]?.orgId;
    if (!ownerOrgId) {
      throw new AppError('VALIDATION_FAILED', 'name the organisation owning the world', {
        fields: [{ path: 'ownerOrgId', message: 'required: you belong to no organisation' }],
      });
    }
    if ((await this.repo.orgNames([ownerOrgId])).size === 0) {
      throw new AppError('ORG_NOT_FOUND', 'no such organisation', {
        fields: [{ path: 'ownerOrgId', message: 'no such organisation' }],
      });
    }
    if (await this.repo.byId(body.id)) throw this.idTaken(body.id);
    const { prepared, kind } = await this.prepare(body);
    const row = await this.repo.insert({
      id: body.id,
      ...personaOf(prepared.world),
      kind,
      environmentCode: environmentCodeOf(body.id),
      sensorId: body.sensorId,
      definition: prepared.definition,
      hostKeys: prepared.hostKeys,
      bindings: body.bindings,
      fetchEnabled: body.fetchEnabled,
      ownerOrgId,
      scope: body.scope,
      marking: body.tlp,
      createdBy: user.userId || null,
    });
    if (!row) throw this.idTaken(body.id);
    await this.record(user, 'decoy_world.create', row, {
      kind,
      sensorId: row.sensorId,
      hosts: prepared.world.hosts.length,
      ...(body.generate ? { generate: body.generate } : {}),
    });
    return (await this.present(actor, [row]))[0]!;
  }

  private idTaken(id: string): AppError {
    return new AppError('CONFLICT', `a decoy world ${id} exists already`, {
      fields: [{ path: 'id', message: 'taken' }],
    });
  }

  private async existing(id: string): Promise<WorldRow> {
    const row = await this.repo.byId(id);
    if (!row) throw new AppError('NOT_FOUND', `no decoy world ${id}`);
    return row;
  }

  async update(actor: Actor, id: string, body: WorldUpdateBody) {
    const user = requireManager(actor);
    const row = await this.existing(id);
    if (body.bindings) checkBindings(body.bindings, body.allowPublic);
    checkSharing(body.tlp ?? row.marking, body.scope ?? row.scope);
    const set: Partial<WorldInsert> = {};
    if (body.definition !== undefined) {
      const world = parseDefinition(body.definition);
      const previous = { world: parseDefinition(row.definition), hostKeys: row.hostKeys };
      const prepared = await withHostKeys(world, previous, this.options.keyMaker);
      Object.assign(set, personaOf(world), { definition: prepared.definition, hostKeys: prepared.hostKeys });
      if (row.kind === 'generated') set.kind = 'uploaded';
    }
    if (body.bindings) set.bindings = body.bindings;
    if (body.fetchEnabled !== undefined) set.fetchEnabled = body.fetchEnabled;
    if (body.tlp) set.marking = body.tlp;
    if (body.scope) set.scope = body.scope;
    if (body.sensorId) set.sensorId = body.sensorId;
    const updated = await this.repo.update(id, { ...set, revision: row.revision + 1 });
    if (!updated) throw new AppError('NOT_FOUND', `no decoy world ${id}`);
    const changed = Object.keys(body).filter(
      (k) => k !== 'allowPublic' && body[k as keyof WorldUpdateBody] !== undefined,
    );
    await this.record(user, 'decoy_world.update', updated, { changed, revision: updated.revision });
    return (await this.present(actor, [updated]))[0]!;
  }

  async setDesired(actor: Actor, id: string, desired: 'running' | 'stopped') {
    const user = requireManager(actor);
    await this.existing(id);
    const updated = (await this.repo.update(id, { desired }))!;
    await this.record(user, desired === 'running' ? 'decoy_world.start' : 'decoy_world.stop', updated, {});
    return (await this.present(actor, [updated]))[0]!;
  }

  /** Back to pristine: the sensor drops every session's changes and restarts the world from its definition. */
  async reset(actor: Actor, id: string) {
    const user = requireManager(actor);
    const row = await this.existing(id);
    const updated = (await this.repo.update(id, { resetGeneration: row.resetGeneration + 1 }))!;
    await this.record(user, 'decoy_world.reset', updated, { resetGeneration: updated.resetGeneration });
    return (await this.present(actor, [updated]))[0]!;
  }

  /** Lends the world to an organisation (null ends the loan): sessions first seen from then on are theirs. */
  async lend(actor: Actor, id: string, orgId: string | null) {
    const user = requireManager(actor);
    const row = await this.existing(id);
    if (orgId && (await this.repo.orgNames([orgId])).size === 0) {
      throw new AppError('ORG_NOT_FOUND', 'no such organisation', {
        fields: [{ path: 'orgId', message: 'no such organisation' }],
      });
    }
    const updated = (await this.repo.update(id, { lentToOrgId: orgId }))!;
    await this.record(user, 'decoy_world.lend', updated, { from: row.lentToOrgId, to: orgId }, orgId);
    return (await this.present(actor, [updated]))[0]!;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const user = requireManager(actor);
    const row = await this.existing(id);
    if (!(await this.repo.deleteStopped(id))) {
      throw new AppError('CONFLICT', `decoy world ${id} is running: stop it before deleting it`);
    }
    await this.record(user, 'decoy_world.delete', row, {});
  }

  /**
   * What a sensor runs: its worlds with definitions and private host keys, the one place the keys are sent. A
   * platform admin (a sensor still on an admin token, during the transition) gets the worlds without the keys:
   * they go to the sensor's own credential only, never to a user.
   */
  async assignments(actor: Actor, sensorId: string): Promise<DecoyAssignments> {
    assertSensorUpload(actor, 'decoy', sensorId);
    const toSensor = actor.kind === 'sensor';
    const rows = await this.repo.bySensor(sensorId);
    return {
      sensorId,
      worlds: rows.map((row) => ({
        worldId: row.id,
        revision: row.revision,
        desired: row.desired,
        resetGeneration: row.resetGeneration,
        fetchEnabled: row.fetchEnabled,
        bindings: row.bindings,
        definition: row.definition,
        hostKeys: toSensor ? row.hostKeys : {},
      })),
    };
  }

  /** Audit entries name the world, never its definition or keys. */
  private async record(
    user: UserActor,
    action: string,
    row: WorldRow,
    details: Record<string, unknown>,
    orgId: string | null = row.ownerOrgId,
  ): Promise<void> {
    await this.audit.record(user, { action, targetType: 'decoy_world', targetId: row.id, orgId, details });
  }
}
