import { and, eq, isNotNull, isNull, like } from 'drizzle-orm';
import { assessProgressLevel, formatCaseId, type CaseFacts, type Scope, type Tlp } from '@cynex/core';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { CasesRepository, type CaseRow } from './cases.repository.js';
import { caseBehaviours, caseLevelHistory, cases } from './cases.table.js';

/**
 * The platform itself, for work no user asked for (automatic cases from the decoy analysis): audited as
 * `system (decoy analysis)`, with no user id, like the CLI's operator.
 */
export const SYSTEM_ACTOR: Actor = {
  kind: 'user',
  userId: '',
  email: 'system (decoy analysis)',
  displayName: 'system',
  isPlatformAdmin: true,
  memberships: [],
  ip: 'internal',
};

/** A case the system opens: owner, sharing and environment come from what it observed, not from a user. */
export interface AutomaticCaseCreate {
  ownerOrgId: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: string[];
  environmentCode: string;
  environmentName: string;
  environmentNameJa: string;
  startDate: string;
  summaryEn: string;
  summaryJa: string;
}

export interface AutomaticBehaviourInput {
  occurredAt: string;
  category: string;
  action: string;
  actionJa: string;
  techniqueIds: string[];
  notes: string;
  notesJa: string;
}

const LEVEL_REASON = { en: 'suggested by the automatic decoy analysis', ja: 'デコイ自動分析による提案' };

/**
 * The system's path into observation cases: no user, no permission checks (the caller decides ownership from the
 * decoy world), every write inside the caller's transaction so grouping and case creation are one step.
 * Behaviours it writes have no creator; analysts' own behaviours on the same case are never touched.
 */
export class CasesAutomaticService {
  constructor(private readonly audit: AuditService) {}

  /** Opens a case with the next serial of its owner's environment, level 1 until behaviours arrive. */
  async create(tx: Db, input: AutomaticCaseCreate): Promise<CaseRow> {
    const repo = new CasesRepository(tx);
    const serial = await repo.allocateSerial(input.ownerOrgId, input.environmentCode);
    const caseId = formatCaseId(new Date(`${input.startDate}T00:00:00Z`), input.environmentCode, serial);
    const [row] = await tx
      .insert(cases)
      .values({
        ...input,
        caseId,
        environmentKind: 'decoy',
        malwareFamily: 'unknown',
        progressLevel: 1,
        suggestedLevel: null,
        status: 'observing',
        facts: {},
        createdBy: null,
      })
      .returning();
    await tx.insert(caseLevelHistory).values({
      casePk: row!.id,
      fromLevel: null,
      toLevel: 1,
      suggestedLevel: null,
      reason: 'opened by the automatic decoy analysis',
      reasonJa: 'デコイ自動分析により登録',
      byUserId: null,
    });
    return row!;
  }

  /** Replaces the behaviours the system wrote under `marker` (one session's) with a new set. */
  async replaceBehaviours(tx: Db, casePk: string, marker: string, rows: AutomaticBehaviourInput[]): Promise<void> {
    await tx
      .delete(caseBehaviours)
      .where(
        and(
          eq(caseBehaviours.casePk, casePk),
          isNull(caseBehaviours.createdBy),
          like(caseBehaviours.notes, `${marker.replace(/[%_\\]/g, '\\$&')}%`),
        ),
      );
    if (rows.length > 0) await tx.insert(caseBehaviours).values(rows.map((r) => ({ ...r, casePk, createdBy: null })));
  }

  /**
   * Sets a case's facts (from the current ones) and moves its end date on to `lastDay`, and recomputes its suggestion from every behaviour (analysts' too). While no
   * person has set the level, the level follows the suggestion, with a history row each time it moves.
   */
  async refresh(tx: Db, casePk: string, factsOf: (current: CaseFacts) => CaseFacts, lastDay: string): Promise<CaseRow> {
    const [current] = await tx.select().from(cases).where(eq(cases.id, casePk));
    const facts = factsOf(current!.facts);
    const endDate = [current!.endDate ?? current!.startDate, lastDay].sort().at(-1)!;
    // Only what the rubric reads: a busy case has thousands of behaviours.
    const behaviours = await tx
      .select({
        occurredAt: caseBehaviours.occurredAt,
        category: caseBehaviours.category,
        techniqueIds: caseBehaviours.techniqueIds,
      })
      .from(caseBehaviours)
      .where(eq(caseBehaviours.casePk, casePk));
    const suggestion = assessProgressLevel(facts, behaviours);
    const suggested = suggestion?.level ?? null;
    const byPerson = await tx
      .select({ id: caseLevelHistory.id })
      .from(caseLevelHistory)
      .where(and(eq(caseLevelHistory.casePk, casePk), isNotNull(caseLevelHistory.byUserId)))
      .limit(1);
    const follow = byPerson.length === 0 && suggested !== null && suggested !== current!.progressLevel;
    const [row] = await tx
      .update(cases)
      .set({
        facts,
        suggestedLevel: suggested,
        endDate: endDate > current!.startDate ? endDate : null,
        ...(follow && { progressLevel: suggested }),
        updatedAt: new Date(),
      })
      .where(eq(cases.id, casePk))
      .returning();
    if (follow) {
      await tx.insert(caseLevelHistory).values({
        casePk,
        fromLevel: current!.progressLevel,
        toLevel: suggested,
        suggestedLevel: suggested,
        reason: LEVEL_REASON.en,
        reasonJa: LEVEL_REASON.ja,
        byUserId: null,
      });
    }
    return row!;
  }

  /** Audits what the system did to a case, after the transaction that did it committed. */
  async audited(row: CaseRow, action: 'case.create' | 'case.update', details: Record<string, unknown>) {
    await this.audit.record(SYSTEM_ACTOR, {
      action,
      targetType: 'case',
      targetId: row.id,
      orgId: row.ownerOrgId,
      details: { caseId: row.caseId, scope: row.scope, marking: row.marking, automatic: true, ...details },
    });
  }
}
