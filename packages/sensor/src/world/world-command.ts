import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorld, LIMITS } from './generate.js';
import { attachHostKeys, writeHostKeys } from './host-keys.js';
import { formatWorldError, loadWorldFile } from './loader.js';
import { LANGS, SECTORS, type Lang, type Sector, type World } from './schema.js';
import { writeWorld } from './writer.js';

export const WORLD_USAGE = `Usage:
  cynex world generate --sector S --lang ja|en --employees N --hosts N --seed N [--out DIR|FILE] [--date YYYY-MM-DD] [--domain D]
      sectors: ${SECTORS.join(', ')}; employees ${LIMITS.employees.min}-${LIMITS.employees.max}, hosts ${LIMITS.hosts.min}-${LIMITS.hosts.max}
      --out DIR writes DIR/world.yaml and DIR/keys/<host>/ssh_host_*_key; --out FILE.yaml writes the keys beside it
      (default: ./world); --date sets the world's present (default: today, UTC)
  cynex world validate FILE
      exit 0 when valid, 2 with every error on stderr as FILE:LINE:COLUMN field: message`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** `cynex world …`: returns the exit code (0 ok, 1 failure, 2 invalid input). */
export async function worldCommand(args: string[], io: Io = consoleIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'generate') return generate(rest, io);
  if (sub === 'validate') return validate(rest, io);
  io.err(WORLD_USAGE);
  return 2;
}

async function validate(args: string[], io: Io): Promise<number> {
  if (args.length !== 1) {
    io.err(WORLD_USAGE);
    return 2;
  }
  const result = await loadWorldFile(args[0]!);
  if (!result.ok) {
    for (const e of result.errors) io.err(formatWorldError(e));
    io.err(`${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
    return 2;
  }
  const w = result.world;
  io.out(
    `valid: ${w.organisation.name.en}, ${w.employees.length} employees, ${w.hosts.length} hosts, ${w.plantedCredentials.length} planted credentials`,
  );
  return 0;
}

async function generate(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        sector: { type: 'string' },
        lang: { type: 'string', default: 'ja' },
        employees: { type: 'string', default: '40' },
        hosts: { type: 'string', default: '12' },
        seed: { type: 'string' },
        out: { type: 'string', default: 'world' },
        date: { type: 'string' },
        domain: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${WORLD_USAGE}`);
    return 2;
  }
  const problems: string[] = [];
  const int = (name: string, text: string | undefined, min: number, max: number) => {
    const n = Number(text);
    if (text === undefined || !Number.isInteger(n) || n < min || n > max)
      problems.push(`--${name}: expected an integer from ${min} to ${max}`);
    return n;
  };
  if (!SECTORS.includes(values.sector as Sector)) problems.push(`--sector: expected one of ${SECTORS.join(', ')}`);
  if (!LANGS.includes(values.lang as Lang)) problems.push('--lang: expected ja or en');
  const employees = int('employees', values.employees, LIMITS.employees.min, LIMITS.employees.max);
  const hosts = int('hosts', values.hosts, LIMITS.hosts.min, LIMITS.hosts.max);
  const seed = int('seed', values.seed, 0, 2 ** 32 - 1);
  const now =
    values.date === undefined
      ? new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z')
      : new Date(`${values.date}T12:00:00Z`);
  if (Number.isNaN(now.getTime())) problems.push('--date: expected YYYY-MM-DD');
  if (values.domain !== undefined && !/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/.test(values.domain))
    problems.push('--domain: expected a domain name');
  if (problems.length > 0) {
    for (const p of problems) io.err(p);
    return 2;
  }
  const world = generateWorld({
    sector: values.sector as Sector,
    lang: values.lang as Lang,
    employees,
    hosts,
    seed,
    now,
    ...(values.domain ? { domain: values.domain } : {}),
  });
  const keys = await attachHostKeys(world);
  const out = values.out;
  const isFile = ['.yaml', '.yml'].includes(extname(out)) && !(await stat(out).catch(() => null))?.isDirectory();
  const file = isFile ? out : join(out, 'world.yaml');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, writeWorld(world), { mode: 0o600 });
  await writeHostKeys(dirname(file), keys);
  summary(world, file, keys.length, io);
  return 0;
}

function summary(world: World, file: string, keys: number, io: Io): void {
  const o = world.organisation;
  io.out(`world written to ${file} (${keys} host keys beside it)`);
  io.out(
    `organisation: ${o.name.ja} / ${o.name.en} (${o.sector}), ${o.domain}, ${o.locations.map((l) => l.code).join(' ')}`,
  );
  const roles = new Map<string, number>();
  for (const h of world.hosts) roles.set(h.role, (roles.get(h.role) ?? 0) + 1);
  io.out(
    `${world.employees.length} employees, ${world.partners.length} partners, ${world.hosts.length} hosts (${[...roles].map(([r, n]) => `${r} ${n}`).join(', ')})`,
  );
  const files = world.hosts.reduce((n, h) => n + h.files.length, 0);
  const mails = world.mail?.threads.reduce((n, t) => n + t.messages.length, 0) ?? 0;
  io.out(`${files} files, ${world.mail?.threads.length ?? 0} mail threads (${mails} messages)`);
  io.out('planted credential chain:');
  for (const c of [...world.plantedCredentials].sort((a, b) => a.step - b.step)) {
    const where =
      'path' in c.foundIn
        ? `${c.foundIn.host}:${c.foundIn.path}`
        : `${c.foundIn.host} mailbox ${c.foundIn.mailbox} (message ${c.foundIn.message})`;
    io.out(`  ${c.step}. ${where} → ${c.username}@${c.opens.host}`);
  }
}
