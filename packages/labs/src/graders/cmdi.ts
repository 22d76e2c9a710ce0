import type { FunctionCheckDefinition as CheckDefinition } from './checks.js';
import { exploitCheck, functionChecks, gradeResult } from './checks.js';
import { createHash, randomBytes } from 'node:crypto';
import type { GradeCheck, GradeResult, SendToLab } from './grader-types.js';
import { objectivesMet } from './objectives-met.js';
import { CMDI_EXPLOIT_SET, type Marker, type Probe } from './cmdi-exploit-set.js';
import { cmdiLabClient, type CmdiLabClient, type DiagnoseView } from './cmdi-lab-pages.js';

/** The command-injection lab's attack objectives, as in packages/labs/apps/cmdi/lab.json. */
const ATTACK_OBJECTIVES = ['cmdi-run', 'cmdi-read'] as const;
export type CmdiAttackObjective = (typeof ATTACK_OBJECTIVES)[number];

const SECRET_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/**
 * The database password in /opt/minato/config.ini of the lab instance whose flag is `flag`, derived exactly as the
 * lab derives it (apps/cmdi/server.mjs, `configSecret`).
 * @example labConfigSecret('cynex{…}') // → 'Mn-R6ZFveDmH64Huc2U'
 */
export function labConfigSecret(flag: string): string {
  const bytes = createHash('sha256').update(`cynex-lab-cmdi\0config\0${flag}`).digest();
  let secret = 'Mn-';
  for (let i = 0; i < 16; i += 1) secret += SECRET_ALPHABET[bytes[i]! % SECRET_ALPHABET.length];
  return secret;
}

/**
 * Which attack objectives the lab's events (the parsed lines of events.jsonl) show as met.
 * @example cmdiObjectivesMet([{ type: 'exploit', objective: 'cmdi-run' }]) // → { 'cmdi-run': true, 'cmdi-read': false }
 */
export function cmdiObjectivesMet(events: readonly unknown[]): Record<CmdiAttackObjective, boolean> {
  return objectivesMet(ATTACK_OBJECTIVES, events);
}

/** A fresh marker per grading, split by '' so that only a shell that ran `echo` joins it. */
function newMarker(): Marker {
  const [head, tail] = [`q${randomBytes(2).toString('hex')}`, `z${randomBytes(2).toString('hex')}`];
  return { echo: `echo ${head}''${tail}`, text: head + tail };
}

/** `sleep 2` shows as an answer this much slower than a plain ping. */
const SLOW_MS = 1500;
const shown = (s: string) => JSON.stringify(s);
const sent = (probe: Probe) =>
  `${probe.tool === undefined ? '' : `tool ${shown(probe.tool)}, `}host ${shown(probe.host)}`;

/** What in a page proves an injected command ran, or undefined. */
function injectionEffect(view: DiagnoseView, marker: Marker): string | undefined {
  if (view.flag) return 'the lab saw an injected command run (the flag box appeared)';
  // A line that still says "echo" is the input repeated back (in ping's error, say), not echo's output.
  const printed = view.output.split('\n').some((line) => line.includes(marker.text) && !line.includes('echo'));
  if (printed) return `the output holds the marker that only \`${marker.echo}\` prints`;
  if (/uid=\d+\(/.test(view.output)) return "the output holds id's uid=…(…)";
  if (view.output.includes('root:x:0:0:')) return 'the output holds /etc/passwd';
  return undefined;
}

async function runProbe(
  probe: Probe,
  lab: CmdiLabClient,
  marker: Marker,
  plainMs: number,
): Promise<string | undefined> {
  const tool = probe.tool ?? 'ping';
  if (probe.kind === 'effect') {
    const found = injectionEffect(await lab.diagnose(tool, probe.host), marker);
    return found ? `${sent(probe)}: ${found}` : undefined;
  }
  // A hiccup of a busy machine can slow one request: only a probe that is slow twice counts.
  const timings: number[] = [];
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const view = await lab.diagnose(tool, probe.host);
    const found = injectionEffect(view, marker);
    if (found) return `${sent(probe)}: ${found}`;
    if (view.ms < SLOW_MS || view.ms < plainMs + SLOW_MS) return undefined;
    timings.push(Math.round(view.ms));
  }
  return `${sent(probe)} took ${timings.join(' and ')} ms (a plain ping ${Math.round(plainMs)} ms): sleep ran`;
}

async function plainPingTime(lab: CmdiLabClient): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) times.push((await lab.diagnose('ping', '127.0.0.1')).ms);
  return times.sort((a, b) => a - b)[1]!;
}

type FunctionCheckDefinition = CheckDefinition<CmdiLabClient>;

/** The request showed `expected` (every string) in its output, with no refusal, error or flag. */
async function expectOutput(lab: CmdiLabClient, tool: string, host: string, expected: string[]) {
  const view = await lab.diagnose(tool, host);
  const what = `${tool} ${shown(host)}`;
  if (view.status !== 200 || view.rejected || view.error) {
    return `${what}: status ${view.status}${view.rejected ? ', refused' : ''}${view.error ? ', error' : ''}`;
  }
  if (view.flag) return `${what}: the flag box appeared for an ordinary request`;
  const missing = expected.filter((text) => !view.output.includes(text));
  return missing.length === 0 ? undefined : `${what}: output lacks ${missing.map(shown).join(', ')}`;
}

const RECEIVED = '3 packets transmitted, 3 received';

const FUNCTION_CHECKS: FunctionCheckDefinition[] = [
  {
    id: 'ping-loopback',
    title: { en: 'Pinging 127.0.0.1 shows three replies', ja: '127.0.0.1 への ping で 3 回の応答が表示される' },
    run: (lab) => expectOutput(lab, 'ping', '127.0.0.1', ['PING 127.0.0.1', RECEIVED]),
  },
  {
    id: 'ping-intranet-name',
    title: {
      en: 'Pinging an intranet host by name (fileserver.minato.local) works',
      ja: '社内ホストの名前（fileserver.minato.local）で ping できる',
    },
    run: (lab) => expectOutput(lab, 'ping', 'fileserver.minato.local', ['(10.0.1.20)', RECEIVED]),
  },
  {
    id: 'ping-hyphenated-name',
    title: {
      en: 'A host name with a hyphen and digits (printer-3f.minato.local) works',
      ja: 'ハイフンと数字を含むホスト名（printer-3f.minato.local）で ping できる',
    },
    run: (lab) => expectOutput(lab, 'ping', 'printer-3f.minato.local', ['(10.0.2.40)', RECEIVED]),
  },
  {
    id: 'ping-ipv6',
    title: { en: 'Pinging the IPv6 address ::1 works', ja: 'IPv6 アドレス ::1 に ping できる' },
    run: (lab) => expectOutput(lab, 'ping', '::1', ['PING ::1', RECEIVED]),
  },
  {
    id: 'lookup',
    title: {
      en: 'Looking up mail.minato.local shows its address',
      ja: 'mail.minato.local の名前解決でアドレスが表示される',
    },
    run: (lab) => expectOutput(lab, 'lookup', 'mail.minato.local', ['Address: 10.0.1.25']),
  },
  {
    id: 'traceroute',
    title: {
      en: 'traceroute to printer-3f.minato.local shows the route',
      ja: 'printer-3f.minato.local への traceroute で経路が表示される',
    },
    run: (lab) => expectOutput(lab, 'traceroute', 'printer-3f.minato.local', ['gw.minato.local', '(10.0.2.40)']),
  },
  {
    id: 'unknown-host',
    title: {
      en: 'An unknown host name gives a clear error, not a 500',
      ja: '存在しないホスト名ではわかりやすいエラーになる（500 ではない）',
    },
    run: async (lab) => {
      const view = await lab.diagnose('ping', 'nosuchhost.minato.local');
      if (view.status >= 500 || view.error || view.flag) return `status ${view.status}`;
      return view.rejected || view.output.includes('Name or service not known')
        ? undefined
        : `neither a refusal nor ping's error (status ${view.status})`;
    },
  },
  {
    id: 'invalid-host',
    title: {
      en: 'An invalid host ("bad host!", "999.1.1.1") gives a clear error, not a 500',
      ja: '不正なホスト（「bad host!」「999.1.1.1」）ではわかりやすいエラーになる（500 ではない）',
    },
    run: async (lab) => {
      for (const host of ['bad host!', '999.1.1.1']) {
        const view = await lab.diagnose('ping', host);
        if (view.status >= 500 || view.error || view.flag) return `${shown(host)}: status ${view.status}`;
        if (!view.rejected && !/not known|usage error|invalid/i.test(view.output)) {
          return `${shown(host)}: neither a refusal nor an error message`;
        }
      }
      return undefined;
    },
  },
];

/**
 * Grades the learner's defence of the command-injection lab: re-runs the hidden exploit set (commix-style payloads,
 * with a fresh marker each time) and the functional set against a running instance, one request at a time.
 * @example const result = await gradeCmdiDefence(runner.request);
 */
export async function gradeCmdiDefence(send: SendToLab): Promise<GradeResult> {
  const lab = cmdiLabClient(send);
  const marker = newMarker();
  const checks: GradeCheck[] = [];
  // A lab that does not answer fails every check below with the reason; 0 keeps the yardstick defined.
  const plainMs = await plainPingTime(lab).catch(() => 0);
  for (const definition of CMDI_EXPLOIT_SET) {
    const probes = definition.probes(marker);
    checks.push(
      await exploitCheck(
        definition,
        probes,
        (probe) => runProbe(probe, lab, marker, plainMs),
        `${probes.length} probes: no injected command ran`,
      ),
    );
  }
  checks.push(...(await functionChecks(FUNCTION_CHECKS, lab)));
  return gradeResult(checks);
}
