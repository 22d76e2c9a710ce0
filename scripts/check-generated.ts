/**
 * Fails when a generated file is stale: the Drizzle migrations (against the schema) or the committed
 * OpenAPI document (against the routes). `--write` regenerates the OpenAPI document.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv, createHub } from '@cynex/hub';

const root = path.resolve(import.meta.dirname, '..');
const write = process.argv.includes('--write');
let stale = false;

// 1. Migrations: generating into a copy of the folder must add nothing.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-migrations-'));
fs.cpSync(path.join(root, 'packages/hub/drizzle'), tmp, { recursive: true });
const before = fs.readdirSync(tmp).length;
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/drizzle-kit/bin.cjs'),
    'generate',
    '--dialect',
    'postgresql',
    '--schema',
    'packages/hub/src/db/schema.ts',
    '--out',
    tmp,
  ],
  { stdio: 'pipe', cwd: root },
);
if (fs.readdirSync(tmp).length !== before) {
  console.error('migrations are stale: run `npm run db:generate` and commit packages/hub/drizzle');
  stale = true;
}
fs.rmSync(tmp, { recursive: true, force: true });

// 2. OpenAPI document.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-openapi-'));
const hub = await createHub(configFromEnv({}, { dataDir, databaseUrl: 'memory://', logLevel: 'silent' }));
await hub.app.ready();
const spec = JSON.stringify(hub.app.swagger(), null, 2) + '\n';
await hub.close();
fs.rmSync(dataDir, { recursive: true, force: true });
const specFile = path.join(root, 'docs/openapi.json');
if (write) {
  fs.writeFileSync(specFile, spec);
  console.log('wrote docs/openapi.json');
} else if (!fs.existsSync(specFile) || fs.readFileSync(specFile, 'utf8') !== spec) {
  console.error('docs/openapi.json is stale: run `npm run check:generated -- --write` and commit it');
  stale = true;
}
if (stale) process.exit(1);
console.log('generated files are up to date');
