import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorSink, type ContentError } from '../content-error.js';
import { scenarioSchema, type Scenario } from '../schema/scenario.schema.js';
import { CONTENT_LIMITS } from './file-set.js';
import { checkSchema, parseYamlFile } from './yaml-file.js';

export interface ScenarioLoadResult {
  scenarios: Scenario[];
  errors: ContentError[];
}

/**
 * Loads `<dir>/scenarios/<id>.yaml` (team incident-response scenarios). A file that fails its schema, or whose id
 * is not its file name, is left out with its errors; a missing folder is no scenarios.
 */
export async function loadScenarios(dir: string): Promise<ScenarioLoadResult> {
  const sink = new ErrorSink();
  const scenarios: Scenario[] = [];
  const folder = path.join(dir, 'scenarios');
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const shown = `scenarios/${name}`;
    const id = /^(.+)\.yaml$/.exec(name)?.[1];
    if (id === undefined) continue;
    const bytes = await readFile(path.join(folder, name));
    if (bytes.length > CONTENT_LIMITS.textFileBytes) {
      sink.add('FILE_TOO_LARGE', shown, `${String(bytes.length)} bytes; text files are at most 256 KiB`);
      continue;
    }
    const yaml = parseYamlFile(shown, bytes.toString('utf8'), sink);
    const scenario = yaml ? checkSchema(yaml, scenarioSchema, sink) : undefined;
    if (!scenario) continue;
    if (scenario.id !== id) {
      sink.add('ID_MISMATCH', shown, `id "${scenario.id}" is not the file name "${id}"`);
      continue;
    }
    scenarios.push(scenario);
  }
  return { scenarios, errors: sink.errors };
}
