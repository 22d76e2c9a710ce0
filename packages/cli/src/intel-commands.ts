import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config, WorldsCliDeps } from '@cynex/hub';

export interface IntelCommandDeps {
  loadHub: () => Promise<typeof import('@cynex/hub')>;
  config: (options: { dataDir?: string }) => Promise<Config>;
  /** The machine's operator, as the other admin commands act. */
  operator: WorldsCliDeps['operator'];
}

const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
const SCOPES = ['organisation', 'sharing_group', 'community', 'public'] as const;

/**
 * `cynex intel import FILE…`: STIX 2.1 bundles into the hub's store, in-process on its database as the operator
 * (audited like an import from the console): streamed, with progress on stderr and every invalid object named.
 */
export function addIntelCommands(program: Command, { loadHub, config, operator }: IntelCommandDeps): void {
  program
    .command('intel')
    .description('threat intelligence: the STIX 2.1 store')
    .command('import')
    .description(
      'import STIX 2.1 bundles (streamed, any size): each object is validated against the OASIS schemas; invalid ones are listed with their index and property',
    )
    .argument('<files...>', 'bundle files (JSON)')
    .requiredOption('--org <slug>', 'organisation that owns the imported objects')
    .option(
      '--tlp <label>',
      `marking for the objects (an object's own stricter marking wins): ${TLPS.join(', ')}`,
      'AMBER',
    )
    .option('--scope <scope>', `who inside the platform reads them: ${SCOPES.join(', ')}`, 'organisation')
    .option('--data-dir <dir>', 'PGlite data directory')
    .action(async (files: string[], options: { org: string; tlp: string; scope: string; dataDir?: string }) => {
      const tlp = TLPS.find((t) => t === options.tlp.toUpperCase());
      const scope = SCOPES.find((s) => s === options.scope);
      if (!tlp) throw new Error(`--tlp must be one of ${TLPS.join(', ')}`);
      if (!scope) throw new Error(`--scope must be one of ${SCOPES.join(', ')}`);
      const { createHub } = await loadHub();
      const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
      let failed = false;
      try {
        const org = (await hub.services.orgs.list(operator)).find((o) => o.slug === options.org);
        if (!org) throw new Error(`no organisation ${options.org}`);
        for (const file of files) {
          const size = fs.statSync(file).size;
          const summary = await hub.services.intel.importBundle(
            operator,
            { ownerOrgId: org.id, tlp, scope, fileName: path.basename(file) },
            fs.createReadStream(file),
            Math.max(size, 1),
            (progress) => process.stderr.write(`\r${file}: ${progress.objects} objects, ${progress.stored} new`),
          );
          process.stderr.write('\n');
          for (const problem of summary.problems.slice(0, 50)) {
            process.stderr.write(
              `  objects[${problem.index}]${problem.id ? ` ${problem.id}` : ''} ${problem.path || '(object)'}: ${problem.message}\n`,
            );
          }
          if (summary.problems.length > 50) process.stderr.write(`  … ${summary.problems.length - 50} more problems\n`);
          console.log(
            `${file}: ${summary.status}, ${summary.objects} objects, ${summary.stored} stored, ` +
              `${summary.duplicates} already held, ${summary.invalid} invalid${summary.error ? ` (${summary.error})` : ''}`,
          );
          if (summary.status !== 'complete') failed = true;
        }
      } finally {
        await hub.close();
      }
      if (failed) process.exitCode = 1;
    });
}
