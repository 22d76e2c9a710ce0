import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP_MARKING_IDS } from '@cynex/core';
import { P, startDecoyHub, type DecoyHub } from '../decoy/decoy.fixtures.js';
import { IntelService } from './intel.service.js';

const EXAMPLES = fileURLToPath(new URL('../../../../../../shared/data/stix/examples/', import.meta.url));
const exampleFiles = (dir = EXAMPLES): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? exampleFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.json')
          ? [path.join(dir, entry.name)]
          : [],
    );

/** JSON with every object's keys sorted, so that two objects compare equal whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

interface Summary {
  id: string;
  status: string;
  objects: number;
  stored: number;
  duplicates: number;
  invalid: number;
  problems: { index: number; id?: string; path: string; message: string }[];
  error: string | null;
}

const NOW = '2026-12-01T00:00:00.000Z';
const indicator = (n: number, extra: object = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
  created: NOW,
  modified: NOW,
  pattern: `[ipv4-addr:value = '198.51.100.${n % 250}']`,
  pattern_type: 'stix',
  valid_from: NOW,
  ...extra,
});

describe(IntelService.name, () => {
  let d: DecoyHub;
  beforeAll(async () => {
    d = await startDecoyHub('intel');
  });
  afterAll(async () => d.hub.dispose());

  const importBundle = async (headers: Record<string, string>, body: string, query = '') => {
    const response = await d.hub.app.inject({
      method: 'POST',
      url: `${P}/intel/bundles${query}`,
      headers: { ...headers, 'content-type': 'application/stix+json;version=2.1' },
      payload: body,
    });
    return { statusCode: response.statusCode, summary: response.json<Summary>() };
  };
  const get = async <T>(headers: Record<string, string>, url: string) => {
    const response = await d.hub.app.inject({ url: `${P}${url}`, headers });
    return { statusCode: response.statusCode, body: response.json<T>(), text: response.body };
  };

  it.each(exampleFiles().map((file) => [path.relative(EXAMPLES, file), file]))(
    'imports the OASIS example %s whole and exports it back equal',
    async (_name, file) => {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { type: string; objects?: unknown[] };
      // One example (interop-objectmarking-test.json) is a lone identity, not a bundle: it goes in one.
      const bundle =
        parsed.type === 'bundle'
          ? (parsed as { objects: unknown[] })
          : { type: 'bundle', id: 'bundle--9d0092c5-5f74-4287-9642-33f4c354e56d', objects: [parsed] };
      const { statusCode, summary } = await importBundle(
        d.analystA,
        JSON.stringify(bundle),
        '?tlp=GREEN&scope=community',
      );
      expect(summary.problems).toEqual([]);
      expect(statusCode).toBe(200);
      expect(summary).toMatchObject({ status: 'complete', objects: bundle.objects.length, invalid: 0 });
      const exported = await get<{ type: string; objects: unknown[] }>(
        d.analystA,
        `/intel/bundle?importId=${summary.id}`,
      );
      expect(exported.statusCode).toBe(200);
      expect(exported.body.type).toBe('bundle');
      expect(exported.body.objects.map(canonical).sort()).toEqual(bundle.objects.map(canonical).sort());
    },
  );

  it('stores the valid objects of a bundle and reports each invalid one with its index and property', async () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [
        indicator(1),
        { ...indicator(2), pattern: undefined },
        { ...indicator(3), created: 'yesterday' },
        {
          type: 'relationship',
          spec_version: '2.1',
          id: 'relationship--00000004-0000-4000-8000-000000000000',
          created: NOW,
          modified: NOW,
          relationship_type: 'indicates',
          source_ref: indicator(1).id,
          target_ref: 'not-a-ref',
        },
      ],
    };
    const { statusCode, summary } = await importBundle(d.analystA, JSON.stringify(bundle));
    expect(statusCode).toBe(200);
    expect(summary).toMatchObject({ objects: 4, stored: 1, invalid: 3 });
    const where = summary.problems.map((p) => [p.index, p.path]);
    expect(where).toContainEqual([1, 'pattern']);
    expect(where).toContainEqual([2, 'created']);
    expect(where).toContainEqual([3, 'target_ref']);
    expect(summary.problems.find((p) => p.index === 1)?.id).toBe(indicator(2).id);
    // A second import of the same object is a duplicate, not a second copy.
    const again = await importBundle(d.analystA, JSON.stringify({ ...bundle, objects: [indicator(1)] }));
    expect(again.summary).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('keeps what a truncated bundle delivered before it broke, and says why it failed', async () => {
    const objects = Array.from({ length: 1_200 }, (_, i) => JSON.stringify(indicator(10_000 + i)));
    const text = `{"type":"bundle","id":"bundle--6d0092c5-5f74-4287-9642-33f4c354e56d","objects":[${objects.join(',')}`;
    const cut = text.slice(0, text.length - 40);
    const { statusCode, summary } = await importBundle(d.analystA, cut);
    expect(statusCode).toBe(400);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/not valid JSON/);
    // Two full groups of 500 were stored before the end of the stream.
    expect(summary.stored).toBeGreaterThanOrEqual(1_000);
    const status = await get<Summary>(d.analystA, `/intel/imports/${summary.id}`);
    expect(status.body).toMatchObject({ status: 'failed', stored: summary.stored });
    expect((await importBundle(d.analystA, '{"type":"bundle","id":"x"}')).summary.error).toMatch(/no "objects"/);
  });

  it('never widens an object’s own marking, and shows each object only to who may read it', async () => {
    const red = indicator(501, { object_marking_refs: [TLP_MARKING_IDS.RED] });
    const amberV1 = indicator(502, {
      object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    });
    const plain = indicator(503);
    const bundle = {
      type: 'bundle',
      id: 'bundle--7d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [red, amberV1, plain],
    };
    const { summary } = await importBundle(d.analystA, JSON.stringify(bundle), '?tlp=CLEAR&scope=public');
    expect(summary).toMatchObject({ stored: 3, invalid: 0 });
    const tlpOf = async (headers: Record<string, string>, id: string) => {
      const response = await get<{ versions: { tlp: string; scope: string }[] }>(headers, `/intel/objects/${id}`);
      return response.statusCode === 200
        ? `${response.body.versions[0]!.tlp} ${response.body.versions[0]!.scope}`
        : response.statusCode;
    };
    expect(await tlpOf(d.analystA, red.id)).toBe('RED organisation');
    expect(await tlpOf(d.analystA, amberV1.id)).toBe('AMBER community'); // TLP 1.0 AMBER, mapped
    expect(await tlpOf(d.analystA, plain.id)).toBe('CLEAR public');
    // Another organisation's analyst: the CLEAR and AMBER community objects, never the RED one.
    expect(await tlpOf(d.analystB, red.id)).toBe(404);
    expect(await tlpOf(d.analystB, amberV1.id)).toBe('AMBER community');
    const exported = await get<{ objects: { id: string }[] }>(d.analystB, `/intel/bundle?importId=${summary.id}`);
    expect(exported.body.objects.map((o) => o.id).sort()).toEqual([amberV1.id, plain.id].sort());
    // Anonymous visitors get nothing from these routes.
    expect((await get({}, `/intel/objects/${plain.id}`)).statusCode).toBe(401);
  });

  it('refuses an import for an organisation the user does not write for, and a scope its marking forbids', async () => {
    const bundle = JSON.stringify({
      type: 'bundle',
      id: 'bundle--8d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [indicator(601)],
    });
    expect((await importBundle(d.analystB, bundle, `?ownerOrgId=${d.orgA.id}`)).statusCode).toBe(403);
    const wide = await importBundle(d.analystA, bundle, '?tlp=AMBER&scope=public');
    expect(wide.statusCode).toBe(400);
    expect(JSON.stringify(wide.summary)).toMatch(/TLP:AMBER may be shared at most/);
  });
});
