import { classifySession, type CaseFacts, type DecoySighting } from '@cynex/core';
import type { Db } from '../../db/client.js';
import type { CasesAutomaticService } from '../cases/cases-automatic.service.js';
import { SYSTEM_ACTOR } from '../cases/cases-automatic.service.js';
import type { WorkerLog } from '../deliveries/delivery-worker.js';
import type { DecoySightingsService } from '../telescope/decoy-sightings.service.js';
import {
  automaticCaseTitle,
  behavioursOf,
  mergeFacts,
  plantedCredentialOf,
  sessionMarker,
  type StoredClassification,
} from './automatic-case.js';
import type { DecoyAnalysisRepository, DecoySessionRow } from './decoy-analysis.repository.js';

export interface DecoyAnalysisOptions {
  /** Sessions further apart than this (per world and source or planted credential) open a new case. */
  groupGapHours: number;
  /** How long to wait after an upload before analysing, so a burst of uploads is one pass. */
  debounceMs: number;
  /** Sessions loaded per pass. */
  batchSize: number;
}

export const DEFAULT_DECOY_ANALYSIS: DecoyAnalysisOptions = { groupGapHours: 24, debounceMs: 200, batchSize: 100 };

/** What one pass did, for the import summary and the log. */
export interface AnalysisCounts {
  sessions: number;
  casesCreated: number;
  casesUpdated: number;
}

/** Uploads arriving during a drain re-open sessions; more analyses than this of one session mean a fault. */
const MAX_ANALYSES_PER_DRAIN = 20;

const day = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Turns decoy sessions into classifications, automatic observation cases and decoy sightings, off the request
 * path. The pending work is the table itself (analysed_at null or older than last_event_at), so nothing is lost
 * when the hub stops mid-pass: the next start picks the same sessions up again.
 */
export class DecoyAnalysisService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly totals: AnalysisCounts = { sessions: 0, casesCreated: 0, casesUpdated: 0 };

  constructor(
    private readonly db: Db,
    private readonly repo: DecoyAnalysisRepository,
    private readonly cases: CasesAutomaticService,
    private readonly sightings: Pick<DecoySightingsService, 'record'>,
    private readonly options: DecoyAnalysisOptions = DEFAULT_DECOY_ANALYSIS,
    private readonly log?: WorkerLog,
    /** After a session's case was made or changed: derived intelligence follows it. */
    private readonly onCaseChanged: (casePk: string) => Promise<void> = async () => {},
    /** After a batch of sessions was analysed: derived intelligence follows the sessions themselves. */
    private readonly onSessionsAnalysed: (sessionPks: string[]) => Promise<void> = async () => {},
  ) {}

  /** What the worker has done since the hub started. */
  counts(): AnalysisCounts {
    return { ...this.totals };
  }

  /** The ingest's hook: sessions changed, analyse soon. The ids only nudge; the table says what is pending. */
  onSessionsChanged(ids: readonly string[]): void {
    if (ids.length > 0) this.schedule();
  }

  /** Picks up whatever a previous run left pending. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Analyses until nothing is pending (tests and the Cowrie import wait on this). */
  async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.passes();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) {
        // A pass is under way; run again after it, since the new work may have arrived too late for it.
        void this.running.catch(() => undefined).finally(() => this.schedule());
        return;
      }
      this.drain().catch((error: unknown) => this.log?.warn({ err: error }, 'decoy analysis failed'));
    }, this.options.debounceMs);
    this.timer.unref();
  }

  private async passes(): Promise<void> {
    const seen = new Map<string, number>();
    for (;;) {
      if (this.stopped) return;
      const batch = await this.repo.pendingSessions(this.options.batchSize);
      if (batch.length === 0) return;
      // A session still pending after several analyses in one drain would loop forever: stop and say so.
      const stuck = batch.find((s) => (seen.get(s.id) ?? 0) >= MAX_ANALYSES_PER_DRAIN);
      if (stuck) {
        this.log?.warn({ session: stuck.id }, 'decoy analysis: a session stays pending; stopping this pass');
        return;
      }
      for (const s of batch) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
      const sightings: { sensorId: string; sighting: DecoySighting }[] = [];
      for (const session of batch) {
        const environmentCode = await this.analyse(session);
        sightings.push({ sensorId: session.sensorId, sighting: sightingOf(session, environmentCode) });
      }
      await this.recordSightings(sightings);
      try {
        await this.onSessionsAnalysed(batch.map((s) => s.id));
      } catch (error) {
        // The sessions are analysed; what they stand for is caught up by the next reconcile.
        this.log?.warn({ err: error }, 'decoy analysis: deriving intelligence from sessions failed');
      }
      // Let timers and requests in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Classifies one session and files it under its group's case; returns the world's environment code. */
  private async analyse(session: DecoySessionRow): Promise<string> {
    const events = await this.repo.events(session.sensorId, session.session);
    const result = classifySession(events);
    const plantedCredential = plantedCredentialOf(events);
    const classification: StoredClassification = { ...result, ...(plantedCredential && { plantedCredential }) };
    const world = await this.repo.world(session.worldId);
    const environmentCode = world?.environmentCode || 'DECOY';
    const gapMs = this.options.groupGapHours * 3_600_000;
    const outcome = await this.db.transaction(async (tx) => {
      await this.repo.lockWorld(tx, session.worldId);
      await this.repo.saveClassification(
        tx,
        session.id,
        { classification, techniques: result.techniques, suggestedLevel: result.level.level },
        session.lastEventAtExact,
      );
      let casePk = await this.repo.sessionCase(tx, session.id);
      casePk ??= await this.repo.groupCase(tx, session, plantedCredential, gapMs);
      let created = false;
      if (!casePk) {
        const title = automaticCaseTitle(session.protocol, session.srcIp, {
          nameEn: world?.nameEn ?? session.worldId,
          nameJa: world?.nameJa ?? session.worldId,
        });
        const row = await this.cases.create(tx, {
          ownerOrgId: session.ownerOrgId,
          scope: session.scope,
          marking: session.marking,
          sharingGroupId: session.sharingGroupId,
          recipientUserIds: session.recipientUserIds,
          environmentCode,
          environmentName: world?.nameEn ?? '',
          environmentNameJa: world?.nameJa ?? '',
          startDate: day(session.startedAt),
          summaryEn: title.en,
          summaryJa: title.ja,
        });
        casePk = row.id;
        created = true;
      }
      await this.repo.setCase(tx, session.id, casePk);
      await this.cases.replaceBehaviours(tx, casePk, sessionMarker(session.id), behavioursOf(session.id, result));
      // Facts only grow as sessions join or gain events: merge into what the case holds (analysts' too).
      const row = await this.cases.refresh(
        tx,
        casePk,
        (current: CaseFacts) => mergeFacts([current, result.facts]),
        day(session.lastEventAt),
      );
      return { row, created };
    });
    this.totals.sessions += 1;
    this.totals[outcome.created ? 'casesCreated' : 'casesUpdated'] += 1;
    await this.cases.audited(outcome.row, outcome.created ? 'case.create' : 'case.update', {
      decoySession: session.id,
      techniques: result.techniques,
    });
    await this.onCaseChanged(outcome.row.id);
    return environmentCode;
  }

  /** Every attacker address goes to the decoy sightings, as the system, so member alerts and the self-check see it. */
  private async recordSightings(items: { sensorId: string; sighting: DecoySighting }[]): Promise<void> {
    const bySensor = new Map<string, DecoySighting[]>();
    for (const { sensorId, sighting } of items) bySensor.set(sensorId, [...(bySensor.get(sensorId) ?? []), sighting]);
    for (const [sensorId, sightings] of bySensor) {
      try {
        await this.sightings.record(SYSTEM_ACTOR, { sensorId, sightings });
      } catch (error) {
        // A sighting the telescope refuses (an odd sensor id, say) must not hold the cases back.
        this.log?.warn({ err: error, sensorId }, 'decoy sightings from the analysis were refused');
      }
    }
  }
}

const SIGHTING_KIND = (session: DecoySessionRow): string =>
  session.commands > 0 ? 'command' : session.authSuccess ? 'login' : session.authAttempts > 0 ? 'auth' : 'connection';

function sightingOf(session: DecoySessionRow, environmentCode: string): DecoySighting {
  const summary = [
    session.username ? `${session.authSuccess ? 'logged in' : 'tried'} as ${session.username}` : '',
    session.commands > 0 ? `${session.commands} commands` : '',
    session.techniques.length > 0 ? session.techniques.join(' ') : '',
  ]
    .filter(Boolean)
    .join(', ')
    .slice(0, 500);
  return {
    key: `session-${session.session}`.slice(0, 200),
    host: session.srcIp,
    environmentCode: /^[A-Z0-9]{1,12}$/.test(environmentCode) ? environmentCode : undefined,
    service: session.protocol.slice(0, 40),
    kind: SIGHTING_KIND(session),
    port: null,
    firstSeen: session.startedAt.toISOString(),
    lastSeen: session.lastEventAt.toISOString(),
    count: Math.max(1, session.events),
    summary,
  };
}
