import { readFile } from 'node:fs/promises';
import { DECOY_SERVICES, type DecoyBindings } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { DecoyWorldsService } from './decoy-worlds.service.js';
import type { WorldView } from './decoy-worlds.presenter.js';
import { worldCreateSchema } from './decoy.schema.js';

/** What `cynex worlds create` takes (commander's option names). */
export interface WorldsCreateOptions {
  id: string;
  sensor: string;
  file?: string | undefined;
  generate?: boolean | undefined;
  sector?: string | undefined;
  lang?: string | undefined;
  employees?: string | undefined;
  hosts?: string | undefined;
  seed?: string | undefined;
  org?: string | undefined;
  allowPublic?: boolean | undefined;
  fetch?: boolean | undefined;
  /** `--ssh 127.0.0.1:2222` and the like, per service. */
  bindings: Partial<Record<(typeof DECOY_SERVICES)[number], string>>;
}

export interface WorldsCliDeps {
  worlds: DecoyWorldsService;
  orgs: OrgsService;
  operator: UserActor;
}

/** `HOST:PORT` or `[V6]:PORT`. */
function binding(service: string, value: string) {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value);
  if (!match) throw new Error(`--${service} expects HOST:PORT, e.g. 127.0.0.1:2222, not ${value}`);
  return { host: match[1]!, port: Number(match[2]) };
}

async function orgIdOf(orgs: OrgsService, operator: UserActor, slug: string | undefined): Promise<string> {
  const all = await orgs.list(operator);
  if (slug) {
    const org = all.find((o) => o.slug === slug);
    if (!org) throw new Error(`no organisation ${slug}`);
    return org.id;
  }
  if (all.length === 1) return all[0]!.id;
  throw new Error(`name the owning organisation with --org (one of ${all.map((o) => o.slug).join(', ') || 'none'})`);
}

export function formatWorld(w: WorldView): string {
  const bindings = Object.entries(w.bindings)
    .map(([service, b]) => `${service}=${b.host}:${b.port}`)
    .join(',');
  const lent = w.lentTo ? `  lent to ${w.lentTo.name}` : '';
  return `${w.id}  ${w.kind}  sensor ${w.sensorId}  ${w.desired}/${w.state}  rev ${w.revision}  reset ${w.resetGeneration}  ${bindings || 'no bindings'}  sessions ${w.sessions.total} (${w.sessions.live} live)${lent}  ${w.name.en}`;
}

/** The CLI's side of world management: the same service (and audit) as the console, as the operator. */
export const worldsCli = {
  async list(deps: WorldsCliDeps): Promise<string[]> {
    const { items } = await deps.worlds.list(deps.operator, { limit: 200, offset: 0 });
    return items.length === 0 ? ['no decoy worlds'] : items.map(formatWorld);
  },

  async create(deps: WorldsCliDeps, options: WorldsCreateOptions): Promise<string> {
    const bindings: DecoyBindings = {};
    for (const service of DECOY_SERVICES) {
      const value = options.bindings[service];
      if (value) bindings[service] = binding(service, value);
    }
    const number = (name: string, value: string | undefined) => {
      if (value === undefined) throw new Error(`--generate needs --${name}`);
      return Number(value);
    };
    const source = options.generate
      ? {
          generate: {
            sector: options.sector,
            lang: options.lang,
            employees: number('employees', options.employees),
            hosts: number('hosts', options.hosts),
            seed: number('seed', options.seed),
          },
        }
      : options.file
        ? { definition: await readFile(options.file, 'utf8') }
        : undefined;
    if (!source)
      throw new Error('give --file world.yaml or --generate with --sector, --lang, --employees, --hosts, --seed');
    const input = worldCreateSchema.safeParse({
      id: options.id,
      sensorId: options.sensor,
      ...source,
      bindings,
      allowPublic: Boolean(options.allowPublic),
      fetchEnabled: Boolean(options.fetch),
      ownerOrgId: await orgIdOf(deps.orgs, deps.operator, options.org),
    });
    if (!input.success) {
      throw new Error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    try {
      return formatWorld(await deps.worlds.create(deps.operator, input.data));
    } catch (error) {
      // Every problem of a world file, one per line, as `cynex world validate` prints them.
      if (error instanceof AppError && error.extra.fields?.length) {
        throw new Error([error.message, ...error.extra.fields.map((f) => `  ${f.path}: ${f.message}`)].join('\n'));
      }
      throw error;
    }
  },

  async start(deps: WorldsCliDeps, id: string) {
    return formatWorld(await deps.worlds.setDesired(deps.operator, id, 'running'));
  },
  async stop(deps: WorldsCliDeps, id: string) {
    return formatWorld(await deps.worlds.setDesired(deps.operator, id, 'stopped'));
  },
  async reset(deps: WorldsCliDeps, id: string) {
    return formatWorld(await deps.worlds.reset(deps.operator, id));
  },
  /** `--org none` ends the loan. */
  async lend(deps: WorldsCliDeps, id: string, org: string) {
    const orgId = org === 'none' ? null : await orgIdOf(deps.orgs, deps.operator, org);
    return formatWorld(await deps.worlds.lend(deps.operator, id, orgId));
  },
};
