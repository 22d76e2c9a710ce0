import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  decoyEventBatchSchema,
  decoyRecordingBatchSchema,
  decoySensorStatusSchema,
  type DecoyAssignment,
  type DecoyEvent,
  type DecoyRecordingChunk,
  type DecoySensorStatus,
} from '@cynex/core';

/**
 * An in-memory stand-in for the hub's five decoy routes (core's sync.ts): checks the bearer credential (401) and
 * the sensor id (403), stores events by id, chunks by session and seq and captures by SHA-256, counts duplicates,
 * and can go down and come back on the same port.
 */
export class HubDouble {
  readonly events = new Map<string, DecoyEvent>();
  readonly chunks = new Map<string, DecoyRecordingChunk>();
  readonly captures = new Map<string, Buffer>();
  readonly statuses: DecoySensorStatus[] = [];
  assignments: DecoyAssignment[] = [];
  duplicates = 0;
  requests = 0;
  /** Events the hub refuses (the whole batch gets a 400, as the real hub refuses a batch with one bad event). */
  refuse: (event: DecoyEvent) => boolean = () => false;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(
    readonly sensorId: string,
    readonly credential: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get lastStatus(): DecoySensorStatus | undefined {
    return this.statuses.at(-1);
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops answering: open connections are cut, new ones refused. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sets one world's assignment (replacing the one with the same id). */
  assign(assignment: DecoyAssignment): void {
    this.assignments = [...this.assignments.filter((a) => a.worldId !== assignment.worldId), assignment];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const body = await readBody(req);
    if (req.headers.authorization !== `Bearer ${this.credential}`) return send(res, 401, { error: 'UNAUTHORIZED' });
    const url = new URL(req.url ?? '/', 'http://hub');
    const sensorPath = /^\/api\/v1\/decoy\/sensors\/([^/]+)\/(assignments|status)$/.exec(url.pathname);
    if (sensorPath) {
      if (decodeURIComponent(sensorPath[1]!) !== this.sensorId) return send(res, 403, { error: 'FORBIDDEN' });
      if (sensorPath[2] === 'assignments' && req.method === 'GET')
        return send(res, 200, { sensorId: this.sensorId, worlds: this.assignments });
      if (sensorPath[2] === 'status' && req.method === 'POST') {
        const parsed = decoySensorStatusSchema.safeParse(JSON.parse(body.toString('utf8')));
        if (!parsed.success) return send(res, 400, { error: parsed.error.message });
        this.statuses.push(parsed.data);
        return send(res, 204);
      }
    }
    if (url.pathname === '/api/v1/decoy/events' && req.method === 'POST') {
      const parsed = decoyEventBatchSchema.safeParse(JSON.parse(body.toString('utf8')));
      if (!parsed.success) return send(res, 400, { error: parsed.error.message });
      if (parsed.data.sensorId !== this.sensorId) return send(res, 403, { error: 'FORBIDDEN' });
      const refused = parsed.data.events.findIndex((e) => this.refuse(e));
      if (refused >= 0) return send(res, 400, { error: `events[${refused}] refused` });
      return send(
        res,
        200,
        this.store(this.events, parsed.data.events, (e) => e.id),
      );
    }
    if (url.pathname === '/api/v1/decoy/recordings' && req.method === 'POST') {
      const parsed = decoyRecordingBatchSchema.safeParse(JSON.parse(body.toString('utf8')));
      if (!parsed.success) return send(res, 400, { error: parsed.error.message });
      if (parsed.data.sensorId !== this.sensorId) return send(res, 403, { error: 'FORBIDDEN' });
      return send(
        res,
        200,
        this.store(this.chunks, parsed.data.chunks, (c) => `${c.session}:${c.seq}`),
      );
    }
    const capture = /^\/api\/v1\/decoy\/captures\/([0-9a-f]{64})$/.exec(url.pathname);
    if (capture && req.method === 'PUT') {
      const sha256 = createHash('sha256').update(body).digest('hex');
      if (sha256 !== capture[1]) return send(res, 400, { error: 'SHA-256 does not match the bytes' });
      const created = !this.captures.has(sha256);
      this.captures.set(sha256, body);
      return send(res, created ? 201 : 200, { sha256, size: body.length, created });
    }
    send(res, 404, { error: 'NOT_FOUND' });
  }

  private store<T>(into: Map<string, T>, items: T[], key: (item: T) => string) {
    let accepted = 0;
    let duplicates = 0;
    for (const item of items) {
      if (into.has(key(item))) duplicates++;
      else {
        into.set(key(item), item);
        accepted++;
      }
    }
    this.duplicates += duplicates;
    return { accepted, duplicates };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
