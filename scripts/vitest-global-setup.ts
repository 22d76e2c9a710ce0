import { buildCli } from '../packages/cli/build.mjs';
import { ensurePgliteTemplate } from '../packages/hub/test/pglite-template.js';

/**
 * Builds the CLI once before the tests (a fraction of a second), so that tests that run `cynex` as a user does
 * (packages/cli/bin/cynex.js) run the current sources, not an earlier build; and makes the PGlite template.
 */
export default async function setup(): Promise<void> {
  await buildCli();
  // Test hubs on PGlite start from one migrated data directory instead of running initdb each (seconds each).
  if (!process.env.TEST_DATABASE_URL) await ensurePgliteTemplate();
}
