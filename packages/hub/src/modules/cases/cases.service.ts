import {
  assessProgressLevel,
  formatCaseId,
  sharingProblems,
  unknownTechniqueIds,
  type BehaviourCreate,
  type BehaviourUpdate,
  type CategoryLabel,
  type CaseCreate,
  type CaseListQuery,
  type CaseUpdate,
  type SharingFields,
} from '@cynex/core';
import type { Readable } from 'node:stream';
import { AppError, type FieldProblem } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { BlobStore } from '../../platform/blob-store.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { canWriteFor, writableOrgs } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CategoriesService } from '../catalogue/categories.service.js';
import type { BehaviourRow, CaseInsert, CaseRow, CasesRepository } from './cases.repository.js';
import type { SharingDirectory, SharingRow } from './sharing-directory.js';

/** How often an auto-numbered creation retries after losing a race for its id. */
const MAX_ID_ATTEMPTS = 5;

/** Who may change the distribution of a TLP:RED case: its creator and the admins of its organisation. */
const mayReshareRed = (user: UserActor, row: CaseRow): boolean =>
  row.createdBy === user.userId || user.memberships.some((m) => m.orgId === row.ownerOrgId && m.role === 'org_admin');

const rubricBehaviours = (rows: BehaviourRow[]) =>
  rows.map((b) => ({ occurredAt: b.occurredAt, category: b.category, techniqueIds: b.techniqueIds }));

/** The stored suggestion: null while nothing is recorded, so the case reads "not yet assessed". */
const suggestedLevelOf = (facts: CaseRow['facts'], behaviours: BehaviourRow[]): number | null =>
  assessProgressLevel(facts, rubricBehaviours(behaviours))?.level ?? null;

/** A case's level reason in both languages, as the level history stores it. */
export interface LevelReason {
  reason?: string | undefined;
  reasonJa?: string | undefined;
}

/** Observation cases: the overview row, its behaviours, files and level history. */
export class CasesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly audit: AuditService,
    private readonly blobs: BlobStore,
    private readonly directory: SharingDirectory,
    private readonly categories: CategoriesService,
    private readonly onAssigned: (actor: UserActor, row: CaseRow, userIds: string[]) => Promise<void> = async () => {},
    /** After any change to cases (created, changed, deleted, behaviours, files): derived intelligence follows. */
    private readonly onChanged: (caseIds: string[]) => Promise<void> = async () => {},
  ) {}

  list(actor: Actor, query: CaseListQuery) {
    return this.repo.list(actor, query);
  }

  stats(actor: Actor) {
    return this.repo.stats(actor);
  }

  /** A case the actor may read, or CASE_NOT_FOUND, the same answer whether it exists or not. */
  async get(actor: Actor, id: string) {
    const row = await this.repo.get(actor, id);
    if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
    return row;
  }

  async detail(actor: Actor, id: string) {
    const row = await this.get(actor, id);
    const [behaviours, files, levelHistory, categories] = await Promise.all([
      this.repo.behaviours(id),
      this.repo.files(id),
      this.repo.levelHistory(id),
      this.categories.list(),
    ]);
    // Reasons name categories in the reader's language, custom categories included.
    const names = new Map(categories.map((c) => [c.key, { en: c.en, ja: c.ja }]));
    const label: CategoryLabel = (key) => names.get(key) ?? { en: key, ja: key };
    return {
      row,
      behaviours,
      files,
      levelHistory,
      suggestion: assessProgressLevel(row.facts, rubricBehaviours(behaviours), label),
    };
  }

  /**
   * Checks a scope/marking pair, the group (which must be one the owner organisation belongs to) and that the named
   * recipients belong to the owner organisation or the group; throws SHARING_INVALID with the fields.
   */
  async checkSharing(ownerOrgId: string, fields: SharingFields): Promise<void> {
    const problems: FieldProblem[] = sharingProblems(fields).map((p) => ({ path: p.field, message: p.message }));
    const groupOrgs = fields.sharingGroupId ? await this.directory.groupOrgs(fields.sharingGroupId) : [];
    if (fields.sharingGroupId && !groupOrgs.includes(ownerOrgId)) {
      // The same words whether the group does not exist or is someone else's: group ids reveal nothing.
      problems.push({
        path: 'sharingGroupId',
        message: 'no such sharing group, or the owner organisation is not in it',
      });
    }
    const recipients = fields.recipientUserIds ?? [];
    if (recipients.length > 0) {
      const outside = await this.directory.usersOutside(recipients, [ownerOrgId, ...groupOrgs]);
      if (outside.length > 0) {
        problems.push({
          path: 'recipientUserIds',
          message: `recipients must belong to the owner organisation or the sharing group: ${outside.join(', ')}`,
        });
      }
    }
    if (problems.length > 0)
      throw new AppError('SHARING_INVALID', problems.map((p) => p.message).join('; '), { fields: problems });
  }

  /**
   * The people a case names (TLP:RED recipients, assigned analysts) must be able to read it as it will be written,
   * by the one policy function: nobody is notified of, or assigned to, a case they may not open.
   */
  private async checkPeople(row: SharingRow, analystUserIds: readonly string[]): Promise<void> {
    const problems: FieldProblem[] = [];
    const recipients = await this.directory.unableToRead(row.recipientUserIds, row);
    if (recipients.length > 0)
      problems.push({ path: 'recipientUserIds', message: `cannot read this case: ${recipients.join(', ')}` });
    const analysts = await this.directory.unableToRead(analystUserIds, row);
    if (analysts.length > 0)
      problems.push({ path: 'analystUserIds', message: `cannot read this case: ${analysts.join(', ')}` });
    if (problems.length > 0)
      throw new AppError('SHARING_INVALID', problems.map((p) => p.message).join('; '), { fields: problems });
  }

  /** Resolves the owner organisation of a new case and checks the actor may write for it. */
  ownerFor(actor: Actor, requested: string | undefined): string {
    const user = requireUser(actor);
    const ownerOrgId = requested ?? writableOrgs(user)[0];
    if (!ownerOrgId || !canWriteFor(user, ownerOrgId)) {
      throw new AppError('FORBIDDEN', 'you may not create cases for this organisation');
    }
    return ownerOrgId;
  }

  /** The next free id of an organisation's environment; `reserved` holds `<owner> <caseId>` keys of an import. */
  async nextCaseId(
    ownerOrgId: string,
    environmentCode: string,
    startDate: string,
    reserved: Set<string> = new Set(),
  ): Promise<string> {
    for (;;) {
      const serial = await this.repo.allocateSerial(ownerOrgId, environmentCode);
      const candidate = formatCaseId(new Date(`${startDate}T00:00:00Z`), environmentCode, serial);
      if (!reserved.has(`${ownerOrgId} ${candidate}`) && !(await this.repo.caseIdTaken(ownerOrgId, candidate)))
        return candidate;
    }
  }

  /** Builds the row for a new case without writing it: used by create and by the all-or-nothing import. */
  async prepare(actor: Actor, input: CaseCreate, reserved?: Set<string>): Promise<CaseInsert> {
    const user = requireUser(actor);
    const ownerOrgId = this.ownerFor(actor, input.ownerOrgId);
    await this.checkSharing(ownerOrgId, input);
    await this.checkPeople(
      {
        ownerOrgId,
        scope: input.scope,
        marking: input.marking,
        sharingGroupId: input.sharingGroupId ?? null,
        recipientUserIds: input.recipientUserIds,
        createdBy: user.userId,
      },
      input.analystUserIds,
    );
    const caseId =
      input.caseId ?? (await this.nextCaseId(ownerOrgId, input.environmentCode, input.startDate, reserved));
    if (reserved?.has(`${ownerOrgId} ${caseId}`) || (await this.repo.caseIdTaken(ownerOrgId, caseId))) {
      throw new AppError('CASE_ID_CONFLICT', `case id ${caseId} is taken`, {
        fields: [{ path: 'caseId', message: 'taken' }],
      });
    }
    const suggested = suggestedLevelOf(input.facts, []);
    const {
      progressLevelReason: _reason,
      progressLevelReasonJa: _reasonJa,
      ownerOrgId: _owner,
      caseId: _caseId,
      ...rest
    } = input;
    const environment = await this.knownEnvironment(ownerOrgId, input);
    return {
      ...rest,
      ...environment,
      caseId,
      ownerOrgId,
      endDate: input.endDate ?? null,
      sharingGroupId: input.sharingGroupId ?? null,
      // Nothing recorded and no level given: level 1 stands until someone assesses the case.
      progressLevel: input.progressLevel ?? suggested ?? 1,
      suggestedLevel: suggested,
      createdBy: user.userId,
    };
  }

  /**
   * A case sent without an environment name takes the name its organisation already uses for that environment
   * code (from its latest case that has one), so cases made through the API read like the ones made by hand.
   */
  private async knownEnvironment(
    ownerOrgId: string,
    input: Pick<CaseCreate, 'environmentCode' | 'environmentName' | 'environmentNameJa'>,
  ): Promise<{ environmentName: string; environmentNameJa: string }> {
    if (input.environmentName && input.environmentNameJa)
      return { environmentName: input.environmentName, environmentNameJa: input.environmentNameJa };
    const known = await this.repo.knownEnvironmentName(ownerOrgId, input.environmentCode);
    return {
      environmentName: input.environmentName || known?.en || '',
      environmentNameJa: input.environmentNameJa || known?.ja || '',
    };
  }

  async insertPrepared(actor: Actor, rows: CaseInsert[], reasons: LevelReason[], action: string): Promise<CaseRow[]> {
    const user = requireUser(actor);
    const inserted = await this.repo.insert(rows, (row) => {
      const given = reasons[rows.findIndex((r) => r.caseId === row.caseId)];
      return {
        casePk: row.id,
        fromLevel: null,
        toLevel: row.progressLevel,
        suggestedLevel: row.suggestedLevel,
        reason: given?.reason ?? 'set when the case was recorded',
        reasonJa: given?.reason ? (given.reasonJa ?? '') : (given?.reasonJa ?? '登録時に設定'),
        byUserId: user.userId,
      };
    });
    await this.audit.record(
      actor,
      ...inserted.map((row) => ({
        action,
        targetType: 'case',
        targetId: row.id,
        orgId: row.ownerOrgId,
        details: { caseId: row.caseId, scope: row.scope, marking: row.marking },
      })),
    );
    await this.onChanged(inserted.map((row) => row.id));
    return inserted;
  }

  /**
   * Creates one case. Parallel creations can race for an id: a typed-in id that another request took first is a
   * 409; an auto-numbered case takes the next serial and tries again.
   */
  async create(actor: Actor, input: CaseCreate): Promise<CaseRow> {
    for (let attempt = 1; ; attempt += 1) {
      const row = await this.prepare(actor, input);
      try {
        const [created] = await this.insertPrepared(
          actor,
          [row],
          [{ reason: input.progressLevelReason, reasonJa: input.progressLevelReasonJa }],
          'case.create',
        );
        await this.onAssigned(requireUser(actor), created!, created!.analystUserIds);
        return created!;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (input.caseId || attempt >= MAX_ID_ATTEMPTS) {
          throw new AppError('CASE_ID_CONFLICT', `case id ${row.caseId} is taken`, {
            fields: [{ path: 'caseId', message: 'taken' }],
          });
        }
      }
    }
  }

  async update(actor: Actor, id: string, changes: CaseUpdate): Promise<CaseRow> {
    requireUser(actor);
    const current = await this.get(actor, id);
    if (!canWriteFor(actor, current.ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may read this case but not change it');
    const user = requireUser(actor);
    const merged = { ...current, ...changes };
    const sharingChanged = (['scope', 'marking', 'sharingGroupId', 'recipientUserIds'] as const).some(
      (key) => changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key]),
    );
    const analystsChanged =
      changes.analystUserIds !== undefined &&
      JSON.stringify(changes.analystUserIds) !== JSON.stringify(current.analystUserIds);
    if (sharingChanged && current.marking === 'RED' && !mayReshareRed(user, current)) {
      throw new AppError(
        'FORBIDDEN',
        "only the case's creator or an admin of its organisation changes who reads a TLP:RED case",
      );
    }
    if (sharingChanged) await this.checkSharing(current.ownerOrgId, merged);
    if (sharingChanged || analystsChanged) await this.checkPeople(merged, merged.analystUserIds);
    if (changes.caseId && (await this.repo.caseIdTaken(current.ownerOrgId, changes.caseId, id))) {
      throw new AppError('CASE_ID_CONFLICT', `case id ${changes.caseId} is taken`, {
        fields: [{ path: 'caseId', message: 'taken' }],
      });
    }
    if (merged.endDate && merged.endDate < merged.startDate) {
      throw new AppError('VALIDATION_FAILED', 'end date is before start date', {
        fields: [{ path: 'endDate', message: 'before the start date' }],
      });
    }
    const behaviours = await this.repo.behaviours(id);
    const suggested = suggestedLevelOf(merged.facts, behaviours);
    const levelChanged = changes.progressLevel !== undefined && changes.progressLevel !== current.progressLevel;
    if (levelChanged && !changes.progressLevelReason) {
      throw new AppError('LEVEL_REASON_REQUIRED', 'say why the level changes', {
        fields: [{ path: 'progressLevelReason', message: 'required when the progress level changes' }],
      });
    }
    const { progressLevelReason, progressLevelReasonJa, ...values } = changes;
    const updated = await this.repo.update(
      id,
      { ...values, suggestedLevel: suggested },
      levelChanged
        ? {
            casePk: id,
            fromLevel: current.progressLevel,
            toLevel: changes.progressLevel!,
            suggestedLevel: suggested,
            reason: progressLevelReason!,
            reasonJa: progressLevelReasonJa ?? '',
            byUserId: user.userId,
          }
        : undefined,
    );
    await this.audit.record(actor, {
      action: 'case.update',
      targetType: 'case',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { fields: Object.keys(changes) },
    });
    const newlyAssigned = updated.analystUserIds.filter((userId) => !current.analystUserIds.includes(userId));
    await this.onAssigned(user, updated, newlyAssigned);
    if (sharingChanged) {
      await this.audit.record(actor, {
        action: 'case.sharing_change',
        targetType: 'case',
        targetId: id,
        orgId: current.ownerOrgId,
        details: {
          from: {
            scope: current.scope,
            marking: current.marking,
            sharingGroupId: current.sharingGroupId,
            recipientUserIds: current.recipientUserIds,
          },
          to: {
            scope: updated.scope,
            marking: updated.marking,
            sharingGroupId: updated.sharingGroupId,
            recipientUserIds: updated.recipientUserIds,
          },
        },
      });
    }
    await this.onChanged([id]);
    return updated;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    requireUser(actor);
    const current = await this.get(actor, id);
    if (!canWriteFor(actor, current.ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may read this case but not delete it');
    await this.repo.delete(id);
    await this.audit.record(actor, {
      action: 'case.delete',
      targetType: 'case',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { caseId: current.caseId },
    });
    await this.onChanged([id]);
  }

  private async writable(actor: Actor, id: string) {
    requireUser(actor);
    const current = await this.get(actor, id);
    if (!canWriteFor(actor, current.ownerOrgId))
      throw new AppError('FORBIDDEN', 'you may read this case but not change it');
    return current;
  }

  private static checkTechniques(techniqueIds: readonly string[]): void {
    const unknown = unknownTechniqueIds(techniqueIds);
    if (unknown.length > 0) {
      throw new AppError('UNKNOWN_TECHNIQUE', `not in ATT&CK v18.1: ${unknown.join(', ')}`, {
        fields: unknown.map((id) => ({ path: 'techniqueIds', message: `${id} is not in ATT&CK v18.1` })),
      });
    }
  }

  private async refreshSuggestion(current: CaseRow): Promise<void> {
    const behaviours = await this.repo.behaviours(current.id);
    await this.repo.setSuggestedLevel(current.id, suggestedLevelOf(current.facts, behaviours));
    await this.onChanged([current.id]);
  }

  async addBehaviours(actor: Actor, id: string, inputs: BehaviourCreate[]): Promise<BehaviourRow[]> {
    const current = await this.writable(actor, id);
    for (const input of inputs) {
      CasesService.checkTechniques(input.techniqueIds);
      await this.categories.check(input.category);
    }
    const createdBy = requireUser(actor).userId;
    const rows = await this.repo.insertBehaviours(
      inputs.map((input) => ({
        ...input,
        techniqueIds: input.techniqueIds.map((t) => t.toUpperCase()),
        casePk: id,
        createdBy,
      })),
    );
    await this.refreshSuggestion(current);
    return rows;
  }

  async updateBehaviour(actor: Actor, id: string, behaviourId: string, changes: BehaviourUpdate) {
    const current = await this.writable(actor, id);
    if (changes.techniqueIds) CasesService.checkTechniques(changes.techniqueIds);
    if (changes.category) await this.categories.check(changes.category);
    const row = await this.repo.updateBehaviour(id, behaviourId, {
      ...changes,
      ...(changes.techniqueIds && { techniqueIds: changes.techniqueIds.map((t) => t.toUpperCase()) }),
    });
    if (!row) throw new AppError('BEHAVIOUR_NOT_FOUND', 'no such behaviour in this case');
    await this.refreshSuggestion(current);
    return row;
  }

  async removeBehaviour(actor: Actor, id: string, behaviourId: string): Promise<void> {
    const current = await this.writable(actor, id);
    if (!(await this.repo.deleteBehaviour(id, behaviourId)))
      throw new AppError('BEHAVIOUR_NOT_FOUND', 'no such behaviour in this case');
    await this.refreshSuggestion(current);
  }

  async addFile(
    actor: Actor,
    id: string,
    input: {
      kind: 'sample' | 'attachment';
      behaviourId?: string | undefined;
      filename: string;
      stream: Readable;
      truncated: () => boolean;
    },
  ) {
    const current = await this.writable(actor, id);
    if (input.behaviourId && !(await this.repo.behaviours(id)).some((b) => b.id === input.behaviourId)) {
      input.stream.resume();
      throw new AppError('BEHAVIOUR_NOT_FOUND', 'no such behaviour in this case');
    }
    const blob = await this.blobs.put(input.stream, { complete: () => !input.truncated() });
    if (!blob) throw new AppError('PAYLOAD_TOO_LARGE', 'the file is larger than the upload limit');
    const row = await this.repo.insertFile({
      casePk: id,
      behaviourId: input.behaviourId ?? null,
      kind: input.kind,
      filename: input.filename.replace(/[\p{Cc}/\\]/gu, '_').slice(0, 255) || 'unnamed',
      ...blob,
      uploadedBy: requireUser(actor).userId,
    });
    await this.audit.record(actor, {
      action: 'case.file_upload',
      targetType: 'case',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { fileId: row.id, sha256: row.sha256, kind: row.kind },
    });
    if (row.kind === 'sample') await this.onChanged([id]);
    return row;
  }

  async download(actor: Actor, id: string, fileId: string) {
    const current = await this.get(actor, id);
    const file = await this.repo.file(id, fileId);
    if (!file) throw new AppError('FILE_NOT_FOUND', 'no such file in this case');
    await this.audit.record(actor, {
      action: 'case.file_download',
      targetType: 'case',
      targetId: id,
      orgId: current.ownerOrgId,
      details: { fileId, sha256: file.sha256 },
    });
    return { file, stream: this.blobs.read(file.sha256) };
  }
}
