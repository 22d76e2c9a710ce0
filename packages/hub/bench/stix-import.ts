/**
 * STIX bundle import: `tsx packages/hub/bench/stix-import.ts N [databaseUrl]`.
 *
 * Writes a bundle of N objects (indicators with relationships to a malware, as a threat feed looks) to a file, then
 * posts the file, streamed, to `POST /api/v1/intel/bundles` through the app (validation of each object against the
 * OASIS JSON schemas, sharing narrowed per object, inserts in groups) and prints objects/s with the peak RSS seen
 * while it ran, next to the file's size: the import holds one group of objects, never the bundle.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../src/config.js';
import { createHub } from '../src/hub.js';
import { freshPostgres } from '../test/harness.js';

const total = Number(process.argv[2] ?? 50_000);
const baseUrl = process.argv[3];
const NOW = '2026-12-01T00:00:00.000Z';
const hex = (n: number) => n.toString(16).padStart(12, '0');

async function writeBundle(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  const malware = `malware--00000000-0000-4000-8000-${hex(0)}`;
  await write(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-${hex(1)}","objects":[`);
  await write(
    JSON.stringify({
      type: 'malware',
      spec_version: '2.1',
      id: malware,
      created: NOW,
      modified: NOW,
      name: 'Mirai',
      is_family: true,
    }),
  );
  for (let i = 1; i < total; i++) {
    const object =
      i % 2 === 1
        ? {
            type: 'indicator',
            spec_version: '2.1',
            id: `indicator--00000000-0000-4000-8000-${hex(i)}`,
            created: NOW,
            modified: NOW,
            name: `Scanner ${i}`,
            pattern: `[ipv4-addr:value = '${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}.7']`,
            pattern_type: 'stix',
            valid_from: NOW,
            labels: ['malicious-activity'],
          }
        : {
            type: 'relationship',
            spec_version: '2.1',
            id: `relationship--00000000-0000-4000-8000-${hex(i)}`,
            created: NOW,
            modified: NOW,
            relationship_type: 'indicates',
            source_ref: `indicator--00000000-0000-4000-8000-${hex(i - 1)}`,
            target_ref: malware,
          };
    await write(`,${JSON.stringify(object)}`);
  }
  await write(']}');
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function main(): Promise<void> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'cynex-stix-bench-'));
  const file = path.join(dataDir, 'bundle.json');
  await writeBundle(file);
  const size = (await fsp.stat(file)).size;
  const pg = baseUrl ? await freshPostgres(baseUrl) : undefined;
  const config = configFromEnv({}, { dataDir, logLevel: 'silent', databaseUrl: pg?.url ?? 'memory://', port: 0 });
  const hub = await createHub({ ...config, ...(pg?.ownerUrl ? { databaseOwnerUrl: pg.ownerUrl } : {}) });
  try {
    const org = await hub.services.orgs.ensure({
      slug: 'bench',
      nameEn: 'Bench',
      nameJa: 'ベンチ',
      sector: 'industry',
      programmes: ['A'],
    });
    const actor = {
      kind: 'user' as const,
      userId: '00000000-0000-4000-8000-000000000001',
      email: 'bench@bench.example',
      displayName: 'bench',
      isPlatformAdmin: false,
      memberships: [{ orgId: org.id, role: 'analyst' as const }],
      ip: 'bench',
    };
    let peak = process.memoryUsage().rss;
    const before = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const summary = await hub.services.intel.importBundle(
      actor,
      { scope: 'organisation', tlp: 'AMBER' },
      fs.createReadStream(file),
      1024 * 1024 * 1024,
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    console.log(
      `${pg ? 'PostgreSQL' : 'PGlite'}  ${summary.objects} objects (${mb(size)} MB bundle) in ${seconds.toFixed(2)} s  ` +
        `${Math.round(summary.objects / seconds).toLocaleString('en')} objects/s  stored ${summary.stored}, ` +
        `invalid ${summary.invalid}  RSS ${mb(before)} → peak ${mb(peak)} MB`,
    );
  } finally {
    await hub.close();
    await pg?.drop();
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
