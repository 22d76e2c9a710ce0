import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { TelescopeBatch } from '@cynex/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HubBatchSink, HubRejectedError, JsonLinesSink, splitBatch } from './sinks.js';

const batch: TelescopeBatch = {
  sensorId: 'lab-1',
  monitoredAddresses: 256,
  intervals: [],
  scans: [],
  dos: [],
  sources: [],
};

interface Seen {
  auth: string | undefined;
  body: unknown;
}
let server: Server | null = null;

/** A hub stand-in on 127.0.0.1 (port 0) answering with the given statuses in turn. */
async function hub(answers: [number, unknown][]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({
        auth: req.headers.authorization,
        body: req.url === '/api/v1/telescope/batches' ? JSON.parse(text) : null,
      });
      const [status, body] = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
/** Closes the stand-in, dropping fetch's keep-alive connections (close alone would wait for them). */
async function stop(): Promise<void> {
  const s = server;
  server = null;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
}
afterEach(stop);
const noSleep = async () => {};

describe('HubBatchSink', () => {
  it('posts the batch with the bearer token, retrying a 503 until it succeeds', async () => {
    const { url, seen } = await hub([
      [503, { error: { code: 'UNAVAILABLE', message: 'database is restarting' } }],
      [503, { error: { code: 'UNAVAILABLE', message: 'database is restarting' } }],
      [200, { intervals: 0, scans: 0, dos: 0, sources: 0, alerts: 0 }],
    ]);
    const retries: string[] = [];
    const sink = new HubBatchSink({
      hubUrl: `${url}/`,
      token: 'cnx_test',
      sleep: noSleep,
      onRetry: (r) => retries.push(r.reason),
    });
    await sink.send(batch);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toEqual({ auth: 'Bearer cnx_test', body: batch });
    expect(retries).toEqual(['503 database is restarting', '503 database is restarting']);
    expect(sink.stats).toEqual({ sent: 1, retries: 2 });
  });

  it('stops at a 400 and reports the hub’s message and field problems', async () => {
    const { url, seen } = await hub([
      [
        400,
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'the request is not valid',
            fields: [{ path: 'sensorId', message: 'lower-case letters, digits, - and _' }],
          },
        },
      ],
    ]);
    const sink = new HubBatchSink({ hubUrl: url, token: 'cnx_test', sleep: noSleep });
    const err = await sink.send(batch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubRejectedError);
    expect((err as HubRejectedError).status).toBe(400);
    expect((err as Error).message).toBe(
      'hub refused the batch (400 VALIDATION_FAILED): the request is not valid (sensorId: lower-case letters, digits, - and _)',
    );
    expect(seen).toHaveLength(1);
  });

  it('retries network failures and gives up after maxAttempts with the reason', async () => {
    const { url } = await hub([[200, {}]]);
    await stop(); // nothing listens there any more
    const delays: number[] = [];
    const sink = new HubBatchSink({
      hubUrl: url,
      token: 't',
      maxAttempts: 3,
      sleep: noSleep,
      onRetry: (r) => delays.push(r.delayMs),
    });
    await expect(sink.send(batch)).rejects.toThrow(/hub upload failed after 3 attempts: fetch failed \(ECONNREFUSED\)/);
    expect(delays).toEqual([500, 1000]); // exponential backoff
  });
});

describe('splitBatch', () => {
  it('sends big batches in parts under the body limit: intervals and events first, then more sources', async () => {
    const sources = Array.from({ length: 1000 }, (_, i) => ({
      source: `10.0.${i >> 8}.${i & 255}`,
      firstSeen: '2024-05-01T00:00:00.000Z',
      lastSeen: '2024-05-01T00:00:01.000Z',
      packets: 1,
      bytes: 40,
      ports: ['tcp/23'],
      portCount: 1,
      destinations: 1,
      tags: [],
      cc: 'ZZ',
      asn: 0,
    }));
    const big: TelescopeBatch = { ...batch, sources };
    const parts = splitBatch(big, 50_000);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(50_000);
    expect(parts.flatMap((p) => p.sources)).toEqual(sources);
    expect(splitBatch(batch, 50_000)).toEqual([batch]);
    const { url, seen } = await hub([[200, {}]]);
    await new HubBatchSink({ hubUrl: url, token: 't', maxBodyBytes: 50_000 }).send(big);
    expect(seen).toHaveLength(parts.length);
  });
});

describe('JsonLinesSink', () => {
  it('writes one JSON line per batch', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const sink = new JsonLinesSink(out);
    await sink.send(batch);
    await sink.send({ ...batch, sensorId: 'lab-2' });
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as TelescopeBatch).sensorId),
    ).toEqual(['lab-1', 'lab-2']);
  });
});
