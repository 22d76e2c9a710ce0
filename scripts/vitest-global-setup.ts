import { buildCli } from '../packages/cli/build.mjs';

/**
 * Builds the CLI once before the tests (a fraction of a second), so that tests that run `cynex` as a user does
 * (packages/cli/bin/cynex.js) run the current sources, not an earlier build.
 */
export default async function setup(): Promise<void> {
  await buildCli();
}
