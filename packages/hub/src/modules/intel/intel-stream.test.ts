import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { IntelStream } from './intel-stream.service.js';

type Headers = Record<string, string>;
const NOW = '2026-11-01T00:00:00.000Z';
const indicator = (n: number, tag: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${tag}${String(n).padStart(8 - tag.length, '0')}-0000-4000-8000-000000000000`,
  created: NOW,
  modified: NOW,
  pattern: `[ipv4-addr:value = '192.0.2.${n}']`,
  pattern_type: 'stix',
  valid_from: NOW,
});

interface StreamEvent {
  id: string;
  data: { id: string; type: string; version: string; revoked: boolean; object: { id: string } };
}

/** A server-sent-events reader over fetch's body, written from the HTML specification's event-stream format. */
class EventReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  readonly events: StreamEvent[] = [];
  readonly comments: string[] = [];

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Reads until `done` says the events so far are enough (or the time runs out). */
  async until(done: (events: StreamEvent[]) => boolean, ms = 8000): Promise<StreamEvent[]> {
    const deadline = Date.now() + ms;
    while (!done(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out with ${this.events.length} events`);
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left)),
      ]);
      if (chunk === 'timeout') continue;
      if (chunk.done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.take(block);
      }
    }
    return this.events;
  }

  private take(block: string) {
    let id = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data) this.events.push({ id, data: JSON.parse(data) as StreamEvent['data'] });
  }

  async close() {
    await this.reader.cancel();
  }
}

describe(IntelStream.name, () => {
  let hub: TestHub;
  let base: string;
  const h: Record<'anaA' | 'anaC', Headers> = {} as never;
  let tokenC: string;

  const open = async (headers: Headers, query = '') => {
    const response = await fetch(`${base}/api/v1/intel/stream${query}`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return new EventReader(response.body!.getReader());
  };
  const importBundle = async (objects: object[], scope: 'organisation' | 'community') => {
    const response = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/intel/bundles?scope=${scope}&tlp=${scope === 'community' ? 'GREEN' : 'AMBER'}`,
      headers: { ...h.anaA, 'content-type': 'application/stix+json;version=2.1' },
      payload: JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects }),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  /** Session cookies for fetch (the stream is a GET: no CSRF token needed). */
  const cookie = (headers: Headers) => ({ cookie: headers.cookie! });

  beforeAll(async () => {
    hub = await startTestHub({ host: '127.0.0.1' });
    base = (await hub.listen()).url;
    const a = await hub.org('stream-a');
    const c = await hub.org('stream-c');
    await hub.user('ana@stream-a.example', { memberships: [{ orgId: a.id, role: 'analyst' }] });
    await hub.user('ana@stream-c.example', { memberships: [{ orgId: c.id, role: 'analyst' }] });
    h.anaA = await hub.signIn('ana@stream-a.example');
    h.anaC = await hub.signIn('ana@stream-c.example');
    const token = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: h.anaC,
      payload: { name: 'stream reader', scopes: ['read'] },
    });
    expect(token.statusCode, token.body).toBe(201);
    tokenC = token.json<{ token: string }>().token;
  });
  afterAll(async () => hub.dispose());

  it('streams what is imported after it opened, resumes after Last-Event-ID, and keeps A’s own objects from C', async () => {
    await importBundle([indicator(1, 'e0')], 'community'); // before the streams open: not sent
    const streamA = await open(cookie(h.anaA));
    const streamC = await open({ authorization: `Bearer ${tokenC}` });
    const shared = [indicator(2, 'e0'), indicator(3, 'e0')];
    const secret = indicator(4, 'e0');
    await importBundle(shared, 'community');
    await importBundle([secret], 'organisation');

    const seenByA = await streamA.until((events) => events.length >= 3);
    expect(seenByA.map((e) => e.data.id)).toEqual([...shared.map((o) => o.id), secret.id]);
    expect(seenByA[0]!.data).toMatchObject({ type: 'indicator', version: NOW, revoked: false });
    expect(seenByA[0]!.data.object.id).toBe(shared[0]!.id);
    const ids = seenByA.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));

    const seenByC = await streamC.until((events) => events.length >= 2);
    // C's stream goes on polling past the secret's row; nothing of it arrives.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await streamC.until(() => true);
    expect(seenByC.map((e) => e.data.id)).toEqual(shared.map((o) => o.id));
    await streamA.close();
    await streamC.close();

    // Reconnecting with the first event's id gives only what came after it.
    const resumed = await open({ ...cookie(h.anaA), 'last-event-id': seenByA[0]!.id });
    const again = await resumed.until((events) => events.length >= 2);
    expect(again.map((e) => e.data.id)).toEqual([shared[1]!.id, secret.id]);
    await resumed.close();
    // EventSource cannot set headers: ?since= does the same, and types= filters.
    const bySince = await open(cookie(h.anaA), `?since=${seenByA[0]!.id}&types=malware`);
    await importBundle(
      [
        {
          type: 'malware',
          spec_version: '2.1',
          id: 'malware--e0000005-0000-4000-8000-000000000000',
          created: NOW,
          modified: NOW,
          name: 'x',
          is_family: true,
        },
      ],
      'community',
    );
    const malware = await bySince.until((events) => events.length >= 1);
    expect(malware.map((e) => e.data.type)).toEqual(['malware']);
    await bySince.close();
  });

  it('asks anonymous callers to sign in, refuses a bad event id, and caps open streams per user', async () => {
    expect((await fetch(`${base}/api/v1/intel/stream`)).status).toBe(401);
    const bad = await fetch(`${base}/api/v1/intel/stream`, { headers: { ...cookie(h.anaC), 'last-event-id': 'x1' } });
    expect(bad.status).toBe(400);
    const open5 = await Promise.all(Array.from({ length: 5 }, () => open(cookie(h.anaC))));
    const sixth = await fetch(`${base}/api/v1/intel/stream`, { headers: cookie(h.anaC) });
    expect(sixth.status).toBe(429);
    await Promise.all(open5.map((s) => s.close()));
    // Closed streams free their places (the server notices the disconnect on its next write or poll).
    let status = 429;
    for (let tries = 0; tries < 40 && status === 429; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${base}/api/v1/intel/stream`, { headers: cookie(h.anaC) });
      status = response.status;
      await response.body?.cancel();
    }
    expect(status).toBe(200);
  });

  it('writes each stream opening to the audit log, with who opened it and from where', async () => {
    const rows = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'intel.stream'));
    const resumed = rows.filter((r) => (r.details as { resumed?: boolean }).resumed);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(resumed.length).toBe(2);
    expect(rows.every((r) => r.actorId && r.targetType === 'feed')).toBe(true);
  });
});
