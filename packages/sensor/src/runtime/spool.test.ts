import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecoyEvent } from '@cynex/core';
import { Spool } from './spool.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cynex-spool-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function event(n: number): DecoyEvent {
  return {
    schemaVersion: 1,
    kind: 'command',
    id: `run.${n}`,
    time: '2025-06-10T03:00:00.000Z',
    sensorId: 's1',
    world: 'w1',
    host: 'srv',
    session: 'sess1',
    protocol: 'ssh',
    src: { ip: '203.0.113.7', port: 5000 },
    dst: { port: 22 },
    input: `echo ${n}`,
  };
}

async function drain(spool: Spool): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const batch = await spool.read(1000, 200);
    if (batch.lines === 0) return ids;
    ids.push(...batch.events.map((e) => e.id));
    await spool.ack(batch);
  }
}

describe(Spool.name, () => {
  it('hands out durable records in order, in batches of at most 1,000, and deletes acknowledged segments', async () => {
    const dir = await tempDir();
    const spool = await Spool.open(dir, { segmentBytes: 16 * 1024 });
    for (let i = 0; i < 2500; i++) spool.append({ k: 'e', e: event(i) });
    await spool.durable();
    expect(spool.stats().spooled).toBe(2500);
    expect((await readdir(dir)).filter((n) => n.endsWith('.jsonl')).length).toBeGreaterThan(5);

    const first = await spool.read(1000, 200);
    expect(first.events).toHaveLength(1000);
    expect(first.events[0]!.id).toBe('run.0');
    await spool.ack(first);
    const rest = await drain(spool);
    expect(rest).toEqual(Array.from({ length: 1500 }, (_, i) => `run.${i + 1000}`));
    expect(spool.stats().spooled).toBe(0);
    await spool.durable();
    expect((await readdir(dir)).filter((n) => n.endsWith('.jsonl'))).toHaveLength(1);
    await spool.close();
  });

  it('keeps unacknowledged records across a restart and sends them again from the start', async () => {
    const dir = await tempDir();
    const spool = await Spool.open(dir);
    for (let i = 0; i < 10; i++) spool.append({ k: 'e', e: event(i) });
    await spool.durable();
    const batch = await spool.read(4, 200);
    expect(batch.events).toHaveLength(4);
    // not acknowledged: the hub never answered
    await spool.close();

    const reopened = await Spool.open(dir);
    expect(reopened.stats().spooled).toBe(10);
    expect(await drain(reopened)).toEqual(Array.from({ length: 10 }, (_, i) => `run.${i}`));
    await reopened.close();
  });

  it('after a restart re-sends only what the hub had not acknowledged', async () => {
    const dir = await tempDir();
    const spool = await Spool.open(dir);
    for (let i = 0; i < 10; i++) spool.append({ k: 'e', e: event(i) });
    await spool.durable();
    await spool.ack(await spool.read(6, 200));
    // killed before the active segment was sealed and deleted
    const reopened = await Spool.open(dir);
    expect(reopened.stats().spooled).toBe(4);
    expect(await drain(reopened)).toEqual(['run.6', 'run.7', 'run.8', 'run.9']);
    await reopened.close();
    await spool.close();
  });

  it('drops a torn last line left by a killed process, counts it and reads everything before it', async () => {
    const dir = await tempDir();
    const spool = await Spool.open(dir);
    for (let i = 0; i < 3; i++) spool.append({ k: 'e', e: event(i) });
    await spool.close();
    const [segment] = (await readdir(dir)).filter((n) => n.endsWith('.jsonl'));
    await appendFile(join(dir, segment!), '{"k":"e","e":{"schemaVersion":1,"kind":"comm');

    const lines: string[] = [];
    const reopened = await Spool.open(dir, {}, (line) => lines.push(line));
    expect(await drain(reopened)).toEqual(['run.0', 'run.1', 'run.2']);
    expect(reopened.stats()).toMatchObject({ corrupt: 1, spooled: 0 });
    expect(lines.join('\n')).toMatch(/torn line/);
    await reopened.close();
  });

  it('skips a garbled line in the middle without losing the lines around it', async () => {
    const dir = await tempDir();
    const spool = await Spool.open(dir);
    spool.append({ k: 'e', e: event(0) });
    await spool.close();
    const [segment] = (await readdir(dir)).filter((n) => n.endsWith('.jsonl'));
    await appendFile(join(dir, segment!), `\u0000\u0000garbage\n${JSON.stringify({ k: 'e', e: event(1) })}\n`);
    const reopened = await Spool.open(dir);
    expect(await drain(reopened)).toEqual(['run.0', 'run.1']);
    expect(reopened.stats().corrupt).toBe(1);
    await reopened.close();
  });

  it('refuses new records at its disk cap, keeping the oldest, and counts what it dropped', async () => {
    const dir = await tempDir();
    const spool = await Spool.open(dir, { maxBytes: 4 * 1024, segmentBytes: 1024 });
    let accepted = 0;
    for (let i = 0; i < 100; i++) if (spool.append({ k: 'e', e: event(i) })) accepted++;
    await spool.durable();
    const { dropped, bytes } = spool.stats();
    expect(accepted).toBeGreaterThan(0);
    expect(dropped).toBe(100 - accepted);
    expect(bytes).toBeLessThanOrEqual(4 * 1024);
    const ids = await drain(spool);
    expect(ids).toEqual(Array.from({ length: accepted }, (_, i) => `run.${i}`));
    // room again once the hub has them
    expect(spool.append({ k: 'e', e: event(500) })).toBe(true);
    await spool.close();
  });
});
