import type { Readable } from 'node:stream';
import type { AsciicastHeader, RuleHit, SessionClassification } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { BlobStore } from '../../platform/blob-store.js';
import type { DecoySessionsRepository, SessionRow } from './decoy-sessions.repository.js';
import type { SessionListQuery } from './decoy.schema.js';

function presentSession(row: SessionRow, live: boolean) {
  return {
    id: row.id,
    session: row.session,
    worldId: row.worldId,
    host: row.host,
    protocol: row.protocol,
    srcIp: row.srcIp,
    srcPort: row.srcPort,
    srcCountry: row.srcCountry,
    sensorId: row.sensorId,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    lastEventAt: row.lastEventAt.toISOString(),
    live,
    username: row.username,
    authSuccess: row.authSuccess,
    authAttempts: row.authAttempts,
    commands: row.commands,
    events: row.events,
    techniques: row.techniques,
    suggestedLevel: row.suggestedLevel,
    caseId: row.caseId,
    tlp: row.marking,
    scope: row.scope,
    analysedAt: row.analysedAt?.toISOString() ?? null,
  };
}

const encodeCursor = (row: SessionRow) =>
  Buffer.from(`${row.startedAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(time ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(startedAt.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'the cursor is not valid', {
      fields: [{ path: 'cursor', message: 'use nextCursor from the previous page' }],
    });
  }
  return { startedAt, id };
}

/** The lines of a chunk, one asciicast event each, without blank ones. */
const linesOf = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/**
 * Attacker sessions as users see them (the one policy on the session rows): lists, a session's events with the
 * classifier's hits, its recording for replay and live watching, and the files it captured (downloads only).
 */
export class DecoySessionsService {
  constructor(
    private readonly repo: DecoySessionsRepository,
    private readonly blobs: BlobStore,
  ) {}

  private async visible(actor: Actor, id: string): Promise<SessionRow> {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const row = await this.repo.visible(actor, id);
    if (!row) throw new AppError('NOT_FOUND', 'no such decoy session');
    return row;
  }

  async list(actor: Actor, query: SessionListQuery) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.repo.list(actor, { ...query, after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const live = await this.repo.liveIds(page.map((r) => r.id));
    return {
      items: page.map((r) => presentSession(r, live.has(r.id))),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  }

  async get(actor: Actor, id: string) {
    const row = await this.visible(actor, id);
    const [events, captures, live] = await Promise.all([
      this.repo.events(row),
      this.repo.captures(row.id),
      this.repo.isLive(row.id),
    ]);
    const classified = row.classification as SessionClassification | null;
    const hits = new Map<string, RuleHit[]>((classified?.events ?? []).map((e) => [e.eventId, e.hits]));
    return {
      ...presentSession(row, live),
      events: events.map((e) => ({
        id: e.eventId,
        kind: e.kind,
        time: e.time.toISOString(),
        payload: e.payload,
        hits: hits.get(e.eventId) ?? [],
      })),
      eventsTruncated: events.length < row.events,
      captures: captures.map((c) => ({
        sha256: c.sha256,
        size: c.size,
        stored: c.size !== null,
        firstSeen: c.firstSeen?.toISOString() ?? null,
      })),
    };
  }

  /**
   * The recording from chunk `fromSeq` on, up to the first gap (a chunk still in flight): the console appends the
   * lines and asks again from `nextSeq` until `final`.
   */
  async recording(actor: Actor, id: string, fromSeq: number) {
    const row = await this.visible(actor, id);
    const chunks = await this.repo.chunks(row, fromSeq);
    let header: AsciicastHeader | null = null;
    const lines: string[] = [];
    let nextSeq = fromSeq;
    let final = false;
    for (const chunk of chunks) {
      if (chunk.seq !== nextSeq || final) break;
      if (chunk.header) header = chunk.header;
      lines.push(...linesOf(chunk.lines));
      final = chunk.final;
      nextSeq += 1;
    }
    return { header, lines, nextSeq, final };
  }

  /** The whole recording as an asciicast v2 file: the header line, then every event line in order. */
  async cast(actor: Actor, id: string): Promise<{ filename: string; body: string }> {
    const row = await this.visible(actor, id);
    let header: AsciicastHeader | null = null;
    const out: string[] = [];
    let seq = 0;
    for (;;) {
      const chunks = await this.repo.chunks(row, seq);
      let progressed = false;
      for (const chunk of chunks) {
        if (chunk.seq !== seq) break;
        if (chunk.header) header ??= chunk.header;
        out.push(...linesOf(chunk.lines));
        seq += 1;
        progressed = true;
        if (chunk.final) break;
      }
      if (!progressed || chunks.length === 0 || chunks.at(-1)!.final || chunks.at(-1)!.seq !== seq - 1) break;
    }
    if (seq === 0) throw new AppError('NOT_FOUND', 'this session has no recording');
    // jsonb keeps no key order; asciicast readers expect the version first.
    const { version, width, height, ...rest } = header ?? { version: 2, width: 80, height: 24 };
    const head = { version, width, height, ...rest };
    return { filename: `${row.worldId}-${row.session}.cast`, body: [JSON.stringify(head), ...out].join('\n') + '\n' };
  }

  /** A captured file for download, if the actor sees a session that has it. Never rendered, never run. */
  async capture(actor: Actor, sha256: string): Promise<{ size: number; stream: Readable }> {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const row = await this.repo.visibleCapture(actor, sha256);
    if (!row) throw new AppError('FILE_NOT_FOUND', 'no such captured file');
    return { size: row.size, stream: this.blobs.read(row.blobKey) };
  }
}
