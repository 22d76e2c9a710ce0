import type { Command } from 'commander';
import type { Config, WorldsCliDeps } from '@cynex/hub';

export interface DecoyCommandDeps {
  loadHub: () => Promise<typeof import('@cynex/hub')>;
  config: (options: { dataDir?: string }) => Promise<Config>;
  /** The machine's operator, as the other admin commands act. */
  operator: WorldsCliDeps['operator'];
}

/**
 * The hub-side decoy commands: `cynex worlds …` (the worlds the hub assigns to its sensors) and
 * `cynex import cowrie FILE…`, each run in-process on the hub's database as the operator.
 */
export function addDecoyHubCommands(program: Command, { loadHub, config, operator }: DecoyCommandDeps): void {
  const worlds = program
    .command('worlds')
    .description(
      'decoy worlds the hub assigns to its sensors: list, create, start, stop, reset, lend (on the database)',
    );
  /** Runs one world action against the hub's database, as the operator (audited like the console's). */
  const onWorlds = async (
    options: { dataDir?: string },
    action: (deps: WorldsCliDeps) => Promise<string | string[]>,
  ) => {
    const { createHub } = await loadHub();
    const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
    try {
      const out = await action({ worlds: hub.services.decoy.worlds, orgs: hub.services.orgs, operator });
      console.log([out].flat().join('\n'));
    } finally {
      await hub.close();
    }
  };
  worlds
    .command('list')
    .option('--data-dir <dir>', 'PGlite data directory')
    .action(async (options: { dataDir?: string }) => {
      const { worldsCli } = await loadHub();
      await onWorlds(options, (deps) => worldsCli.list(deps));
    });
  const create = worlds
    .command('create')
    .description('create a world from a YAML file or generate one, assigned to a sensor (stopped until started)')
    .requiredOption('--id <id>', 'world id (lower-case letters, digits, -)')
    .requiredOption('--sensor <id>', 'the sensor that runs it')
    .option('--file <world.yaml>', 'the world definition')
    .option('--generate', 'generate the world instead (with --sector, --lang, --employees, --hosts, --seed)')
    .option('--sector <sector>', 'manufacturing, government, university or finance')
    .option('--lang <lang>', 'ja or en')
    .option('--employees <n>', 'employees to generate')
    .option('--hosts <n>', 'hosts to generate')
    .option('--seed <n>', 'generator seed')
    .option('--org <slug>', 'organisation owning its observations (needed when there are several)')
    .option('--allow-public', 'allow binding services to non-loopback addresses')
    .option('--fetch', 'let wget/curl in the world really fetch URLs')
    .option('--data-dir <dir>', 'PGlite data directory');
  for (const service of ['ssh', 'telnet', 'http', 'imap', 'smtp']) {
    create.option(`--${service} <host:port>`, `where the world's ${service} service listens`);
  }
  create.action(async (options: Record<string, string | boolean | undefined>) => {
    const { worldsCli } = await loadHub();
    const text = (name: string) => (typeof options[name] === 'string' ? options[name] : undefined);
    await onWorlds(options, (deps) =>
      worldsCli.create(deps, {
        id: text('id')!,
        sensor: text('sensor')!,
        file: text('file'),
        generate: options.generate === true,
        sector: text('sector'),
        lang: text('lang'),
        employees: text('employees'),
        hosts: text('hosts'),
        seed: text('seed'),
        org: text('org'),
        allowPublic: options.allowPublic === true,
        fetch: options.fetch === true,
        bindings: {
          ssh: text('ssh'),
          telnet: text('telnet'),
          http: text('http'),
          imap: text('imap'),
          smtp: text('smtp'),
        },
      }),
    );
  });
  for (const verb of ['start', 'stop', 'reset'] as const) {
    worlds
      .command(verb)
      .argument('<id>', 'world id')
      .option('--data-dir <dir>', 'PGlite data directory')
      .action(async (id: string, options: { dataDir?: string }) => {
        const { worldsCli } = await loadHub();
        await onWorlds(options, (deps) => worldsCli[verb](deps, id));
      });
  }
  worlds
    .command('lend')
    .argument('<id>', 'world id')
    .requiredOption('--org <slug>', 'the borrowing organisation, or none to end the loan')
    .option('--data-dir <dir>', 'PGlite data directory')
    .action(async (id: string, options: { org: string; dataDir?: string }) => {
      const { worldsCli } = await loadHub();
      await onWorlds(options, (deps) => worldsCli.lend(deps, id, options.org));
    });

  program
    .command('import')
    .description('import observations from other tools')
    .command('cowrie')
    .description(
      'import Cowrie JSON logs (any size, streamed) into a decoy world: bad lines are reported and skipped, sessions are classified and filed into cases',
    )
    .argument('<files...>', 'Cowrie JSON log files (cowrie.json, cowrie.json.2020-03-19, ...)')
    .option(
      '--world <id>',
      'decoy world the events belong to (created, environment COWRIE, when missing)',
      'cowrie-import',
    )
    .option('--sensor <id>', "sensor id to record the events under (default: the world's sensor, or cowrie-import)")
    .option('--org <slug>', 'organisation owning a world the import creates (needed when there are several)')
    .option('--data-dir <dir>', 'PGlite data directory')
    .action(async (files: string[], options: { world: string; sensor?: string; org?: string; dataDir?: string }) => {
      const { createHub, importCowrie } = await loadHub();
      const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
      try {
        const { decoy, decoyAnalysis } = hub.services;
        const summary = await importCowrie(
          { db: hub.database.db, ingest: decoy.ingest, worlds: decoy.worlds, analysis: decoyAnalysis },
          { ...options, files, report: (message) => process.stderr.write(`${message}\n`) },
        );
        console.log(
          `imported into world ${summary.world} (sensor ${summary.sensor}): ${summary.files} files, ${summary.lines} lines, ` +
            `${summary.events} events (${summary.duplicates} already stored), ${summary.badLines} bad lines, ` +
            `${summary.sessions} sessions, ${summary.cases} cases (${summary.casesCreated} new)`,
        );
      } finally {
        await hub.close();
      }
    });
}
