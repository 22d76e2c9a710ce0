import fs from 'node:fs';
import readline from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import { CowrieParseError, DECOY_LIMITS, fromCowrie, type CowrieSessionEndpoints, type DecoyEvent } from '@cynex/core';
import { LIMITS, SECTORS } from '@cynex/sensor';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../cases/cases-automatic.service.js';
import { decoySessions, decoyWorlds } from '../decoy/decoy.table.js';
import type { DecoyIngestService } from '../decoy/decoy-ingest.service.js';
import type { DecoyWorldsService } from '../decoy/decoy-worlds.service.js';
import { organisations } from '../orgs/orgs.table.js';
import type { DecoyAnalysisService } from './decoy-analysis.service.js';

export const COWRIE_IMPORT_WORLD = 'cowrie-import';
export const COWRIE_IMPORT_SENSOR = 'cowrie-import';
/** Bad lines listed in the summary; the rest are only counted (and were reported as they came). */
const BAD_LINES_KEPT = 1_000;

export interface CowrieImportOptions {
  files: string[];
  /** The decoy world the events belong to; created (kind uploaded, environment COWRIE) when missing. */
  world?: string | undefined;
  /** The sensor id stamped on the events; default the world's own sensor, or `cowrie-import` for a new world. */
  sensor?: string | undefined;
  /** Owner of a world the import creates (organisation slug); needed when there is more than one organisation. */
  org?: string | undefined;
  /** Progress and bad lines, one message a line (the CLI writes them to stderr). */
  report?: (message: string) => void;
}

export interface CowrieImportSummary {
  world: string;
  sensor: string;
  files: number;
  lines: number;
  events: number;
  /** Events the hub already had (a file imported twice stores nothing twice). */
  duplicates: number;
  badLines: number;
  bad: { file: string; line: number; reason: string }[];
  sessions: number;
  casesCreated: number;
  /** Cases the world's imported sessions are now filed under. */
  cases: number;
}

export interface CowrieImportDeps {
  db: Db;
  ingest: Pick<DecoyIngestService, 'ingestEvents'>;
  worlds: Pick<DecoyWorldsService, 'create'>;
  analysis: Pick<DecoyAnalysisService, 'drain' | 'counts'>;
}

/** The world an import writes into: the one named, or a new "uploaded" world with environment code COWRIE. */
async function importWorld(deps: CowrieImportDeps, options: CowrieImportOptions) {
  const id = options.world ?? COWRIE_IMPORT_WORLD;
  const [existing] = await deps.db.select().from(decoyWorlds).where(eq(decoyWorlds.id, id));
  if (existing) {
    if (options.sensor && options.sensor !== existing.sensorId) {
      throw new AppError(
        'VALIDATION_FAILED',
        `world ${id} belongs to sensor ${existing.sensorId}; leave out --sensor or name that one`,
      );
    }
    return { id, sensorId: existing.sensorId };
  }
  const orgs = await deps.db.select({ id: organisations.id, slug: organisations.slug }).from(organisations);
  const owner = options.org ? orgs.find((o) => o.slug === options.org) : orgs.length === 1 ? orgs[0] : undefined;
  if (!owner) {
    throw new AppError(
      'VALIDATION_FAILED',
      options.org ? `no organisation ${options.org}` : `world ${id} does not exist: name its owner with --org SLUG`,
    );
  }
  const sensorId = options.sensor ?? COWRIE_IMPORT_SENSOR;
  // The worlds service validates and stores a world; a small generated persona stands in for the definition,
  // since Cowrie logs carry none, and the world is never started.
  await deps.worlds.create(SYSTEM_ACTOR, {
    id,
    sensorId,
    generate: {
      sector: SECTORS[0],
      lang: 'en',
      employees: LIMITS.employees.min,
      hosts: LIMITS.hosts.min,
      seed: 0,
    },
    bindings: {},
    allowPublic: false,
    fetchEnabled: false,
    tlp: 'AMBER',
    scope: 'organisation',
    ownerOrgId: owner.id,
  });
  await deps.db
    .update(decoyWorlds)
    .set({
      kind: 'uploaded',
      environmentCode: id === COWRIE_IMPORT_WORLD ? 'COWRIE' : undefined,
      nameEn: 'Cowrie log import',
      nameJa: 'Cowrie ログ取り込み',
    })
    .where(eq(decoyWorlds.id, id));
  return { id, sensorId };
}

/**
 * Imports Cowrie JSON logs into the decoy pipeline: each file is read line by line (never whole), each line
 * translated with `fromCowrie`; bad lines are reported with file:line and why, and skipped; events go in
 * batches through the same ingest as sensor uploads; then the analysis runs and files the sessions into cases.
 * Re-importing a file stores nothing twice (Cowrie events get stable ids).
 */
export async function importCowrie(deps: CowrieImportDeps, options: CowrieImportOptions): Promise<CowrieImportSummary> {
  const report = options.report ?? (() => undefined);
  for (const file of options.files) await fs.promises.access(file, fs.constants.R_OK);
  const world = await importWorld(deps, options);
  const before = deps.analysis.counts().casesCreated;
  const summary: CowrieImportSummary = {
    world: world.id,
    sensor: world.sensorId,
    files: options.files.length,
    lines: 0,
    events: 0,
    duplicates: 0,
    badLines: 0,
    bad: [],
    sessions: 0,
    casesCreated: 0,
    cases: 0,
  };
  const sessions = new Set<string>();
  let reportedAt = 0;
  let batch = new Map<string, DecoyEvent>();
  const flush = async () => {
    if (batch.size === 0) return;
    const events = [...batch.values()];
    batch = new Map();
    const result = await deps.ingest.ingestEvents(SYSTEM_ACTOR, { sensorId: world.sensorId, events });
    summary.events += result.accepted;
    summary.duplicates += result.duplicates;
    // At most one progress line a second, however large the log.
    if (Date.now() - reportedAt >= 1_000) {
      reportedAt = Date.now();
      report(`${summary.lines} lines, ${summary.events} events stored, ${summary.badLines} bad lines`);
    }
  };

  for (const file of options.files) {
    // Ports travel on a session's connect line only; keep them per file, as Cowrie writes one log per day.
    const endpoints = new Map<string, CowrieSessionEndpoints>();
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number += 1;
      summary.lines += 1;
      if (line.trim() === '') continue;
      let event: DecoyEvent;
      try {
        event = { ...fromCowrie(line, { world: world.id, sessions: endpoints }), sensorId: world.sensorId };
      } catch (error) {
        if (!(error instanceof CowrieParseError)) throw error;
        summary.badLines += 1;
        if (summary.bad.length < BAD_LINES_KEPT) summary.bad.push({ file, line: number, reason: error.message });
        report(`${file}:${number}: ${error.message}`);
        continue;
      }
      sessions.add(event.session);
      batch.set(event.id, event);
      if (batch.size >= DECOY_LIMITS.batchEvents) await flush();
    }
  }
  await flush();
  report('analysing the sessions');
  await deps.analysis.drain();
  summary.sessions = sessions.size;
  summary.casesCreated = deps.analysis.counts().casesCreated - before;
  const [cases] = await deps.db
    .select({ n: sql<number>`count(distinct ${decoySessions.caseId})` })
    .from(decoySessions)
    .where(eq(decoySessions.worldId, world.id));
  summary.cases = Number(cases?.n ?? 0);
  return summary;
}
