import { Command, InvalidArgumentError } from 'commander';
import { ROLES, type Role } from '@cynex/core';
import type { ConfigInput } from '@cynex/hub';
import { addDecoyHubCommands } from './decoy-commands.js';
import { addIntelCommands } from './intel-commands.js';
import { startupMessage, stoppedMessage } from './startup-message.js';

// Each command imports what it needs when it runs (the hub, the telescope pipeline), so that `cynex --help` and the
// telescope commands do not load the hub's server, database drivers and PDF renderer.
const loadHub = () => import('@cynex/hub');

const program = new Command('cynex').description('cynex: a national cybersecurity nexus').showHelpAfterError();

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number');
  return n;
};

async function config(options: { port?: number; dataDir?: string; host?: string }) {
  const { configFromEnv } = await loadHub();
  const overrides: ConfigInput = {};
  if (options.port !== undefined) overrides.port = options.port;
  if (options.dataDir) overrides.dataDir = options.dataDir;
  if (options.host) overrides.host = options.host;
  return configFromEnv(process.env, overrides);
}

interface ServeOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  demo?: boolean;
  decoyDemo: boolean;
  decoyHost?: string;
  decoyPorts?: string;
}

/** The hub's own address as its in-process sensor reaches it: a wildcard listen address becomes loopback. */
function loopbackUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]') parsed.hostname = '127.0.0.1';
  return parsed.origin;
}

program
  .command('serve', { isDefault: true })
  .description('run the hub: API, web console and background work')
  .option('-p, --port <port>', 'port to listen on (default 8080, or $PORT)', port)
  .option('--host <host>', 'address to listen on (default 127.0.0.1, or $CYNEX_HOST; 0.0.0.0 for all interfaces)')
  .option('--data-dir <dir>', 'where PGlite and files live (default ./data)')
  .option('--demo', 'load the demo organisations, users and cases before serving')
  .option('--no-decoy-demo', 'do not run the built-in demo decoy world (or CYNEX_DECOY_DEMO=off)')
  .option('--decoy-host <address>', 'where the demo decoy world listens (default 127.0.0.1)')
  .option('--decoy-ports <list>', 'demo decoy ports, e.g. ssh=2222,telnet=2323,http=8081,imap=1143,smtp=2525')
  .action(async (options: ServeOptions) => {
    const { bootstrapAdmin, createHub, loadDemo, DEMO_USERS, startDecoyDemo, parseDemoPorts } = await loadHub();
    const decoyPorts = options.decoyPorts ? parseDemoPorts(options.decoyPorts) : undefined;
    const cfg = await config(options);
    const hub = await createHub(cfg);
    const link = await bootstrapAdmin(hub);
    if (options.demo) {
      const loaded = await loadDemo(hub.services);
      hub.app.log.info(
        { cases: loaded.cases, users: loaded.users, darknet: loaded.darknet },
        loaded.darknet.loaded ? 'demo data loaded, with a day of darknet observations' : 'demo data loaded',
      );
    }
    let decoy: Awaited<ReturnType<typeof startDecoyDemo>> | undefined;
    const stop = async (signal: NodeJS.Signals) => {
      try {
        await decoy?.stop();
        await hub.close();
        console.log(stoppedMessage(signal));
        process.exit(0);
      } catch (error) {
        console.error('cynex hub did not stop cleanly:', error);
        process.exit(1);
      }
    };
    process.once('SIGINT', (signal) => void stop(signal));
    process.once('SIGTERM', (signal) => void stop(signal));
    const { url, metricsUrl } = await hub.listen();
    if (options.decoyDemo && process.env.CYNEX_DECOY_DEMO !== 'off') {
      decoy = await startDecoyDemo(hub.services, {
        hubUrl: loopbackUrl(url),
        dataDir: cfg.dataDir,
        ...(options.decoyHost ? { host: options.decoyHost } : {}),
        ...(decoyPorts ? { ports: decoyPorts } : {}),
        log: (line) => hub.app.log.info(`decoy sensor: ${line}`),
      });
    }
    const demoAdmin = options.demo ? DEMO_USERS.find((user) => user.role === 'org_admin') : undefined;
    const demoMember = DEMO_USERS.find((user) => user.email.startsWith('member-analyst@'));
    console.log(
      startupMessage({
        baseUrl: hub.services.baseUrl,
        storage: hub.database.driver === 'pglite' ? `PGlite in ${cfg.dataDir}` : 'PostgreSQL',
        metricsUrl,
        adminLink: link,
        demo: demoAdmin && { email: demoAdmin.email, password: demoAdmin.password, memberEmail: demoMember?.email },
        decoy: decoy && {
          listening: Object.entries(decoy.bindings).map(([service, b]) => ({ service, host: b.host, port: b.port })),
          entry: decoy.entry,
        },
      }),
    );
  });

const db = program.command('db').description('database tasks');
db.command('migrate')
  .description('apply the schema migrations to the configured database')
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(async (options: { dataDir?: string }) => {
    const { openDatabase } = await loadHub();
    const cfg = await config(options);
    const database = await openDatabase({
      databaseUrl: cfg.databaseUrl,
      ownerUrl: cfg.databaseOwnerUrl,
      dataDir: cfg.dataDir,
    });
    await database.migrate();
    await database.close();
    console.log(`migrations applied (${database.driver})`);
  });

const admin = program.command('admin').description('administration');
admin
  .command('create-user')
  .description('create an account and print its one-time set-up link')
  .requiredOption('--email <email>', 'e-mail address')
  .option('--name <name>', 'display name')
  .option('--platform-admin', 'make a platform admin')
  .option('--org <slug>', 'organisation to join')
  .option(
    '--role <role>',
    `role in the organisation (${ROLES.filter((r) => r !== 'platform_admin').join(', ')})`,
    'analyst',
  )
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(
    async (options: {
      email: string;
      name?: string;
      platformAdmin?: boolean;
      org?: string;
      role: string;
      dataDir?: string;
    }) => {
      if (!(ROLES as readonly string[]).includes(options.role))
        throw new InvalidArgumentError(`unknown role ${options.role}`);
      const { createHub, publicLink } = await loadHub();
      const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
      try {
        const org = options.org
          ? (
              await hub.services.orgs.list({
                kind: 'user',
                userId: '',
                email: '',
                displayName: '',
                isPlatformAdmin: true,
                memberships: [],
                ip: 'cli',
              })
            ).find((o) => o.slug === options.org)
          : undefined;
        if (options.org && !org) throw new Error(`no organisation "${options.org}"`);
        const { token } = await hub.services.auth.createUser({
          email: options.email,
          displayName: options.name ?? options.email,
          platformAdmin: Boolean(options.platformAdmin),
          ...(org ? { orgId: org.id, role: options.role as Role } : {}),
        });
        console.log(`account created; one-time set-up link:\n  ${publicLink(hub.services.baseUrl, token)}`);
      } finally {
        await hub.close();
      }
    },
  );

/** The machine's operator, trusted with everything (SECURITY.md): audited as `operator (cli)`, with no user id. */
const operator = {
  kind: 'user' as const,
  userId: '',
  email: 'operator (cli)',
  displayName: 'operator',
  isPlatformAdmin: true,
  memberships: [],
  ip: 'cli',
};

const PURPOSES: Record<string, ('telescope' | 'decoy')[]> = {
  telescope: ['telescope'],
  decoy: ['decoy'],
  both: ['decoy', 'telescope'],
};

const sensors = program
  .command('sensors')
  .description('sensor credentials: what a sensor uploads with instead of a platform-admin token');
sensors
  .command('register')
  .description("register a sensor's credential and print its secret (shown once)")
  .requiredOption('--sensor <id>', 'sensor id, as in its batches (lower-case letters, digits, - and _)')
  .requiredOption('--name <name>', 'a name people recognise (where the sensor runs)')
  .option('--purpose <purpose>', 'what it uploads: telescope, decoy or both', 'telescope')
  .option('--description <text>', 'a longer description')
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(
    async (options: { sensor: string; name: string; purpose: string; description?: string; dataDir?: string }) => {
      const purposes = PURPOSES[options.purpose];
      if (!purposes)
        throw new InvalidArgumentError(`--purpose must be telescope, decoy or both, not ${options.purpose}`);
      const { createHub, sensorCredentialBody } = await loadHub();
      const input = sensorCredentialBody.safeParse({
        sensorId: options.sensor,
        name: options.name,
        purposes,
        ...(options.description === undefined ? {} : { description: options.description }),
      });
      if (!input.success)
        throw new Error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
      try {
        const { secret, item } = await hub.services.sensorCredentials.register(operator, input.data);
        console.log(
          `sensor credential ${item.id} registered for sensor ${item.sensorId} (${item.purposes.join(', ')})`,
        );
        console.log(
          `secret (shown once; give it to the sensor as --credential or CYNEX_SENSOR_CREDENTIAL):\n  ${secret}`,
        );
      } finally {
        await hub.close();
      }
    },
  );
sensors
  .command('list')
  .description('list sensor credentials, active and revoked')
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(async (options: { dataDir?: string }) => {
    const { createHub } = await loadHub();
    const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
    try {
      const items = await hub.services.sensorCredentials.list(operator);
      if (items.length === 0) console.log('no sensor credentials');
      for (const c of items) {
        const state = c.revokedAt ? `revoked ${c.revokedAt.toISOString()}` : 'active';
        const used = c.lastUsedAt ? `last used ${c.lastUsedAt.toISOString()} from ${c.lastUsedIp}` : 'never used';
        console.log(`${c.id}  ${c.sensorId}  ${c.purposes.join('+')}  ${state}  ${used}  ${c.name}`);
      }
    } finally {
      await hub.close();
    }
  });
sensors
  .command('revoke')
  .description('revoke a sensor credential (by its id, or the active credential of a sensor id)')
  .argument('<id>', 'credential id, or sensor id')
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(async (id: string, options: { dataDir?: string }) => {
    const { createHub } = await loadHub();
    const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
    try {
      const service = hub.services.sensorCredentials;
      const active = (await service.list(operator)).find((c) => !c.revokedAt && (c.id === id || c.sensorId === id));
      if (!active) throw new Error(`no active sensor credential ${id}`);
      await service.revoke(operator, active.id);
      console.log(`sensor credential ${active.id} of sensor ${active.sensorId} revoked`);
    } finally {
      await hub.close();
    }
  });

program
  .command('demo')
  .description('demo data')
  .command('load')
  .description(
    "load NICT's 18 published CL12 cases, the NanoCore report, two organisations and their users, and a day of darknet observations",
  )
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(async (options: { dataDir?: string }) => {
    const { createHub, loadDemo } = await loadHub();
    const hub = await createHub({ ...(await config(options)), logLevel: 'silent' });
    try {
      const loaded = await loadDemo(hub.services);
      const { darknet } = loaded;
      console.log(
        `demo loaded: ${loaded.cases} new cases; new users: ${loaded.users.join(', ') || 'none'} (password demo-password-1234)`,
      );
      console.log(
        darknet.loaded
          ? `darknet: ${darknet.packets} packets of the last 24 hours in ${darknet.batches} batches from sensor demo-sensor; ${darknet.alerts} member alerts; quarterly report ${darknet.reportId}`
          : 'darknet: the demo sensor has data for the last 24 hours already; nothing added',
      );
    } finally {
      await hub.close();
    }
  });

program
  .command('audit')
  .description('the audit log')
  .command('verify')
  .description('check the hash chain of the audit log; exits 1 at the first broken link (edited or deleted entry)')
  .option('--anchor <seq:hash>', 'a head printed by an earlier run: also fail when it is gone or changed')
  .option('--data-dir <dir>', 'PGlite data directory')
  .action(async (options: { anchor?: string; dataDir?: string }) => {
    const anchor = options.anchor ? parseAnchor(options.anchor) : undefined;
    const { AuditService, openDatabase } = await loadHub();
    const cfg = await config(options);
    const database = await openDatabase({
      databaseUrl: cfg.databaseUrl,
      ownerUrl: cfg.databaseOwnerUrl,
      dataDir: cfg.dataDir,
    });
    try {
      await database.migrate();
      const result = await new AuditService(database.db).verify(anchor);
      if (result.broken) {
        const where = result.broken.id === null ? '' : ` (id ${result.broken.id})`;
        console.error(`audit log BROKEN at entry ${result.broken.seq}${where}: ${result.broken.reason}`);
        console.error(`${result.checked} entries before it verified`);
        process.exitCode = 1;
      } else {
        console.log(`audit log intact: ${result.checked} entries verified`);
      }
      if (result.head) console.log(`head: ${result.head.seq}:${result.head.hash}`);
    } finally {
      await database.close();
    }
  });

function parseAnchor(value: string): { seq: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new InvalidArgumentError('an anchor looks like 1234:<64 hex digits>, as `head:` printed it');
  return { seq: Number(match[1]), hash: match[2]! };
}

/**
 * A subcommand that parses its own arguments (commander passes them through): `--help` prints its usage, the rest
 * runs it and sets the exit code. Both are imported only when needed: the usage text from a small module, the
 * command (the pipeline, DuckDB) only when it runs.
 */
function passThrough(
  parent: Command,
  name: string,
  spec: { description: string; usage: string },
  load: {
    usage: () => Promise<string>;
    run: () => Promise<(args: string[]) => Promise<number>>;
  },
): void {
  parent
    .command(name)
    .description(spec.description)
    .usage(spec.usage)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (_args: string[], _options: unknown, command: Command) => {
      if (command.args.includes('--help') || command.args.includes('-h')) {
        console.log(await load.usage());
        return;
      }
      const run = await load.run();
      process.exitCode = await run(command.args);
    });
}

const usage = () => import('@cynex/telescope/usage');
const telescope = program.command('telescope').description('darknet telescope');
passThrough(
  telescope,
  'ingest',
  {
    description: 'analyse pcap/pcapng captures (files, or - for stdin) and send 5-minute batches to the hub',
    usage: '[options] FILE... | -   (see `cynex telescope ingest --help`)',
  },
  {
    usage: async () => (await usage()).INGEST_USAGE,
    run: async () => {
      const { telescopeIngestCommand } = await import('@cynex/telescope');
      return (args) => telescopeIngestCommand(args);
    },
  },
);
passThrough(
  telescope,
  'export',
  {
    description: 'write the anonymised daily TCP SYN dataset (CSV, Parquet) from the flow tuples of a data directory',
    usage: '--data-dir DIR --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|parquet|both]',
  },
  {
    usage: async () => (await usage()).EXPORT_USAGE,
    // A subpath of its own, so that DuckDB loads only for this command.
    run: async () => (await import('@cynex/telescope/dataset')).telescopeExportCommand,
  },
);

telescope
  .command('geo-cache')
  .description('build the country/AS tables from the @ip-location-db packages into their cache (npm ci runs it)')
  .action(async () => {
    const { prepareGeoCache } = await import('@cynex/telescope');
    const r = await prepareGeoCache();
    if (r.writeError !== undefined) {
      console.warn(`geolocation tables built, but the cache could not be written (${r.writeError}): ${r.file}`);
      console.warn('`telescope ingest` will build them on every start (a few seconds)');
      return;
    }
    const what = r.from === 'cache' ? 'up to date' : `built in ${(r.milliseconds / 1000).toFixed(1)} s`;
    console.log(`geolocation tables ${what}: ${r.file} (${(r.bytes / 2 ** 20).toFixed(1)} MiB)`);
  });

const world = program.command('world').description('decoy worlds: imitation organisations for the deception sensors');
passThrough(
  world,
  'generate',
  {
    description:
      'generate a decoy world (organisation, people, hosts, documents, mail, planted credentials, host keys)',
    usage: '--sector S --lang ja|en --employees N --hosts N --seed N [--out DIR|FILE]',
  },
  {
    usage: async () => (await import('@cynex/sensor')).WORLD_USAGE,
    run: async () => {
      const { worldCommand } = await import('@cynex/sensor');
      return (args) => worldCommand(['generate', ...args]);
    },
  },
);
passThrough(
  world,
  'validate',
  { description: 'check a world file; exit 2 with every error as FILE:LINE:COLUMN field: message', usage: 'FILE' },
  {
    usage: async () => (await import('@cynex/sensor')).WORLD_USAGE,
    run: async () => {
      const { worldCommand } = await import('@cynex/sensor');
      return (args) => worldCommand(['validate', ...args]);
    },
  },
);

addDecoyHubCommands(program, { loadHub, config, operator });
addIntelCommands(program, { loadHub, config, operator });

passThrough(
  program,
  'sensor',
  {
    description: 'run the decoy worlds the hub assigns to this sensor, spool and ship what happens in them',
    usage:
      '--hub URL --sensor-id ID [--credential TOKEN | env CYNEX_SENSOR_CREDENTIAL] [--data-dir DIR] [--cowrie-log FILE]',
  },
  {
    usage: async () => (await import('@cynex/sensor')).SENSOR_USAGE,
    run: async () => {
      const { sensorCommand } = await import('@cynex/sensor');
      return (args) => sensorCommand(args, { env: process.env });
    },
  },
);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`cynex: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
