#!/usr/bin/env node
// @ts-check
// Runs the CLI built ahead of time into packages/cli/dist (`npm ci` and `npm start` build it): no TypeScript
// compilation at start-up.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error(
    'cynex: the CLI is not built (packages/cli/dist/main.js is missing).\n' +
      'Build it from the repository root with `npm run build:cli` (`npm ci` and `npm start` do it too).',
  );
  process.exit(1);
}
await import(main.href);
