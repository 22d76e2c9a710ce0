/**
 * Training load benchmark: 500 learners of one cohort of the shipped web-security course at once, over HTTP against
 * a hub process started as a user starts it (`cynex serve`, from the sources) on loopback. Each of autocannon's 500
 * connections is one learner's session (cookie + CSRF header) going round: a course page in Japanese, marking it
 * read, the cohort progress, the module's quiz check (all answers right); the next round, the next page. Three loads
 * of BENCH_TRAINING_SECONDS each, after a short warm-up that is not counted:
 *   - closed loop: every connection sends its next request as soon as the last one is answered (no think time),
 *     so 500 requests are always waiting and latency ≈ 500 / throughput: the hub's capacity;
 *   - paced: every learner sends one request a second (autocannon's connectionRate; its smallest), the 500
 *     connections started in 20 groups 50 ms apart so that their seconds do not all begin together;
 *   - learner pace: all 500 connected, each acting about once in five seconds (autocannon's overallRate of
 *     group size / 5 requests a second per group, the groups staggered like the paced ones): a class reading and
 *     answering.
 * Prints per request type and overall: requests/s answered, p50/p95/p99 latency (overall, a timed-out request
 * counts as the 10 s timeout), non-2xx, errors and timeouts, the hub's CPU time per request and its RSS; then a markdown table and whether p95 ≤ 200 ms is met. First on PGlite (files in a
 * temporary directory), then on the PostgreSQL server named by BENCH_DATABASE_URL if set (a fresh database,
 * dropped after). Asserts nothing.
 *   npm run bench:training
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_DATABASE_ROLES=cynex_owner,cynex_app \
 *     npm run bench:training
 * BENCH_TRAINING_LEARNERS (default 500: learners and connections), BENCH_TRAINING_SECONDS (default 30),
 * BENCH_TRAINING_ONLY=pglite|postgres, BENCH_TRAINING_CPU_PROF=DIR (the hub runs with --cpu-prof into DIR).
 *
 * Seeding: the organisation, the instructor and the learners (accounts with organisation memberships) are written
 * through the hub's services before the hub process starts; the cohort and its 500 members are made through the
 * API by the instructor, as the console does, and every learner signs in through the API. The sign-in limit per
 * client address (20 attempts in 15 minutes) is not in the way and needs no knob: a successful sign-in takes its
 * attempt back, and the sign-ins go four at a time.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { SHIPPED_CONTENT_DIR, loadContentTree, type QuizItem } from '@cynex/courseware';
import {
  cpuMsOf,
  inParallel,
  pgliteTarget,
  post,
  postgresTarget,
  rssOf,
  seedAccounts,
  signIn,
  startHub,
  type Session,
  type Target,
} from './bench-training-hub.js';

const LEARNERS = Number(process.env.BENCH_TRAINING_LEARNERS ?? 500);
const SECONDS = Number(process.env.BENCH_TRAINING_SECONDS ?? 30);
const ONLY = process.env.BENCH_TRAINING_ONLY;
const CPU_PROF_DIR = process.env.BENCH_TRAINING_CPU_PROF;
const WARM_UP_SECONDS = 5;
/** autocannon gives up on a request after this long and counts a timeout (then reconnects). */
const TIMEOUT_SECONDS = 10;
const PACED_GROUPS = 20;
const TARGET_P95_MS = 200;
const COURSE = 'web-security';
const KINDS = ['page', 'mark-read', 'progress', 'quiz-check'] as const;
type Kind = (typeof KINDS)[number];
type Load = 'closed loop' | 'paced 1/s' | 'learner pace 1/5 s';

// ---------------------------------------------------------------------------------------------------------------
// The course as learners go through it, and the right answer to every quiz item.
// ---------------------------------------------------------------------------------------------------------------
const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
const course = tree.courses.find((c) => c.id === COURSE)!;
const modules = course.modules.map((id) => tree.modules.find((m) => m.id === id)!);
const pages = modules.flatMap((m) => m.pages.map((p) => ({ moduleId: m.id, pageId: p.id })));

function rightAnswer(item: QuizItem): unknown {
  switch (item.kind) {
    case 'single':
    case 'multi':
    case 'numeric':
    case 'flag':
      return item.answer;
    case 'short':
      return item.answer[0];
  }
}
const quizAnswers = new Map(
  modules.map((m) => [
    m.id,
    JSON.stringify({ answers: Object.fromEntries(m.quiz.map((item) => [item.id, rightAnswer(item)])) }),
  ]),
);

// ---------------------------------------------------------------------------------------------------------------
// One learner per connection.
// ---------------------------------------------------------------------------------------------------------------
/** Which request type a response answers: autocannon calls its onResponse right before it emits the timing. */
const answered = { kind: 'page' as Kind };

/**
 * A learner's round, starting at request `index % 4` (so that at any moment the connections are at different
 * request types, not all at the page together) and at page `index` of the course.
 */
function learnerRequests(session: Session, cohortId: string, index: number): autocannon.Request[] {
  const firstPage = index;
  let step = firstPage;
  const current = () => pages[step % pages.length]!;
  const cookie = { cookie: session.cookie };
  const json = { ...cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrf };
  const seen = (kind: Kind) => () => void (answered.kind = kind);
  const round: autocannon.Request[] = [
    {
      method: 'GET',
      headers: cookie,
      setupRequest: (request) => {
        step += 1;
        const { moduleId, pageId } = current();
        return { ...request, path: `/api/v1/courseware/modules/${moduleId}/pages/${pageId}?lang=ja` };
      },
      onResponse: seen('page'),
    },
    {
      method: 'POST',
      path: `/api/v1/cohorts/${cohortId}/progress/pages`,
      headers: json,
      setupRequest: (request) => ({ ...request, body: JSON.stringify(current()) }),
      onResponse: seen('mark-read'),
    },
    { method: 'GET', path: `/api/v1/cohorts/${cohortId}/progress`, headers: cookie, onResponse: seen('progress') },
    {
      method: 'POST',
      headers: json,
      setupRequest: (request) => ({
        ...request,
        path: `/api/v1/courseware/modules/${current().moduleId}/quiz/check?lang=ja`,
        body: quizAnswers.get(current().moduleId)!,
      }),
      onResponse: seen('quiz-check'),
    },
  ];
  const start = index % round.length;
  return [...round.slice(start), ...round.slice(0, start)];
}

interface Measured {
  latencies: Map<Kind, number[]>;
  non2xx: Map<Kind, number>;
  statusCodes: Map<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
}

/** One autocannon run over these sessions, each connection its own learner; responses counted into `into`. */
function cannon(
  base: string,
  cohortId: string,
  sessions: Session[],
  seconds: number,
  rate: { connectionRate?: number; overallRate?: number },
  into: Measured,
) {
  let assigned = 0;
  const options: autocannon.Options = {
    url: base,
    connections: sessions.length,
    duration: seconds,
    timeout: TIMEOUT_SECONDS,
    ...rate,
    setupClient: (client) => {
      const index = assigned++;
      client.setRequests(learnerRequests(sessions[index]!, cohortId, index));
    },
  };
  return new Promise<void>((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error as Error);
      into.errors += result.errors;
      into.timeouts += result.timeouts;
      for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
        into.statusCodes.set(code, (into.statusCodes.get(code) ?? 0) + (count ?? 0));
      }
      resolve();
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      into.latencies.get(answered.kind)!.push(responseTime);
      if (statusCode < 200 || statusCode > 299) into.non2xx.set(answered.kind, into.non2xx.get(answered.kind)! + 1);
    });
  });
}

async function load(base: string, cohortId: string, sessions: Session[], kind: Load): Promise<Measured> {
  const measured: Measured = {
    latencies: new Map(KINDS.map((k) => [k, []])),
    non2xx: new Map(KINDS.map((k) => [k, 0])),
    statusCodes: new Map(),
    errors: 0,
    timeouts: 0,
    seconds: 0,
  };
  const started = performance.now();
  if (kind === 'closed loop') {
    await cannon(base, cohortId, sessions, SECONDS, {}, measured);
  } else {
    // The learners in groups started 1/PACED_GROUPS s apart, so that autocannon's per-second pacing does not send
    // every learner's request at the same instant. At learner pace each group acts at size/5 requests a second
    // overall (each learner about once in five seconds); paced, every learner once a second.
    const size = Math.ceil(sessions.length / PACED_GROUPS);
    const groups = Array.from({ length: PACED_GROUPS }, (_, g) => sessions.slice(g * size, (g + 1) * size));
    await Promise.all(
      groups
        .filter((group) => group.length > 0)
        .map(async (group, g) => {
          await new Promise((resolve) => setTimeout(resolve, (g * 1000) / PACED_GROUPS));
          const rate =
            kind === 'paced 1/s' ? { connectionRate: 1 } : { overallRate: Math.max(1, Math.round(group.length / 5)) };
          await cannon(base, cohortId, group, SECONDS, rate, measured);
        }),
    );
  }
  measured.seconds = (performance.now() - started) / 1000;
  return measured;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures.
// ---------------------------------------------------------------------------------------------------------------
interface Row {
  what: string;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

function row(what: string, latencies: number[], non2xx: number, seconds: number): Row {
  const sorted = Float64Array.from(latencies).sort();
  const p = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return { what, perSecond: sorted.length / seconds, p50: p(0.5), p95: p(0.95), p99: p(0.99), non2xx };
}

interface Outcome {
  database: string;
  load: Load;
  rows: Row[];
  errors: number;
  timeouts: number;
  cpuMsPerRequest: number;
  rssMb: number;
  loadAverage: number;
}

const met = (o: Outcome) => o.rows.at(-1)!.p95 <= TARGET_P95_MS && o.errors === 0 && o.rows.at(-1)!.non2xx === 0;

function report(database: string, load: Load, m: Measured, cpuMs: number, rssMb: number, loadAverage: number) {
  const rows = KINDS.map((k) => row(k, m.latencies.get(k)!, m.non2xx.get(k)!, m.seconds));
  const all = KINDS.flatMap((k) => m.latencies.get(k)!);
  // A request that timed out took at least the timeout: left out, the percentiles would flatter an overloaded hub.
  const timedOut = new Array<number>(m.timeouts).fill(TIMEOUT_SECONDS * 1000);
  rows.push(
    row(
      'overall',
      [...all, ...timedOut],
      [...m.non2xx.values()].reduce((a, b) => a + b, 0),
      m.seconds,
    ),
  );
  rows.at(-1)!.perSecond = all.length / m.seconds;
  console.log(`  ${load} (${SECONDS} s, machine load average before: ${loadAverage.toFixed(1)}):`);
  for (const r of rows) {
    console.log(
      `    ${r.what.padEnd(11)} ${r.perSecond.toFixed(0).padStart(5)} req/s   p50 ${r.p50.toFixed(0).padStart(5)} ms` +
        `   p95 ${r.p95.toFixed(0).padStart(5)} ms   p99 ${r.p99.toFixed(0).padStart(5)} ms   non-2xx ${r.non2xx}`,
    );
  }
  const codes = [...m.statusCodes].map(([code, count]) => `${code}×${count}`).join(' ');
  const cpuMsPerRequest = all.length ? cpuMs / all.length : 0;
  console.log(`    status codes ${codes}; errors ${m.errors}, timeouts ${m.timeouts}`);
  console.log(`    hub CPU ${cpuMsPerRequest.toFixed(2)} ms per request; hub RSS after: ${rssMb.toFixed(0)} MB`);
  return { database, load, rows, errors: m.errors, timeouts: m.timeouts, cpuMsPerRequest, rssMb, loadAverage };
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function run(target: Target): Promise<Outcome[]> {
  console.log(`\n${target.label}: ${LEARNERS} learners, one connection each`);
  let started = performance.now();
  const { orgId, instructor, learners } = await seedAccounts(target, LEARNERS);
  console.log(`  ${LEARNERS + 1} accounts written through the hub's services: ${seconds(started)}`);
  const hub = await startHub(target, CPU_PROF_DIR);
  try {
    const teacher = await signIn(hub.base, instructor.email);
    const now = Date.now();
    const cohort = (await post(hub.base, teacher, `/api/v1/orgs/${orgId}/cohorts`, {
      courseId: COURSE,
      name: 'Bench cohort',
      startsAt: new Date(now - 86_400_000).toISOString(),
      endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    })) as { id: string };
    started = performance.now();
    await inParallel(learners, 8, (learner) =>
      post(hub.base, teacher, `/api/v1/cohorts/${cohort.id}/members`, { userId: learner.id, role: 'learner' }),
    );
    console.log(`  cohort made and ${LEARNERS} learners added through the API: ${seconds(started)}`);
    started = performance.now();
    const sessions = await inParallel(learners, 4, (learner) => signIn(hub.base, learner.email));
    console.log(`  ${LEARNERS} learners signed in through the API: ${seconds(started)}`);

    const warm = Math.min(50, sessions.length);
    await cannon(
      hub.base,
      cohort.id,
      sessions.slice(0, warm),
      WARM_UP_SECONDS,
      {},
      {
        latencies: new Map(KINDS.map((k) => [k, []])),
        non2xx: new Map(KINDS.map((k) => [k, 0])),
        statusCodes: new Map(),
        errors: 0,
        timeouts: 0,
        seconds: 0,
      },
    );
    console.log(`  warmed up: ${warm} connections for ${WARM_UP_SECONDS} s (not counted)`);
    const outcomes: Outcome[] = [];
    for (const kind of ['learner pace 1/5 s', 'paced 1/s', 'closed loop'] as const) {
      const loadAverage = os.loadavg()[0]!;
      const cpuBefore = cpuMsOf(hub.child.pid!);
      const measured = await load(hub.base, cohort.id, sessions, kind);
      const cpuMs = cpuMsOf(hub.child.pid!) - cpuBefore;
      outcomes.push(report(target.label, kind, measured, cpuMs, rssOf(hub.child.pid!).now, loadAverage));
    }
    return outcomes;
  } finally {
    await hub.stop();
    await target.drop();
  }
}

const serverUrl = process.env.BENCH_DATABASE_URL;
const cpus = os.cpus();
console.log(
  `cynex training load benchmark: course ${COURSE} (${pages.length} pages), ${cpus.length} × ` +
    `${cpus[0]?.model ?? 'cpu'}, Node ${process.version}`,
);
const outcomes: Outcome[] = [];
if (ONLY !== 'postgres') outcomes.push(...(await run(pgliteTarget())));
if (serverUrl && ONLY !== 'pglite') outcomes.push(...(await run(await postgresTarget(serverUrl))));
else if (ONLY !== 'pglite') console.log('\nPostgreSQL: not run (set BENCH_DATABASE_URL)');

const ms = (value: number) => value.toFixed(0);
console.log(
  `\n| database | load (${LEARNERS} learners) | req/s | p50 ms | p95 ms | p99 ms | p95 page / read / progress / quiz ms` +
    ` | non-2xx | errors / timeouts | hub CPU per request | hub RSS | p95 ≤ ${TARGET_P95_MS} ms |`,
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const o of outcomes) {
  const all = o.rows.at(-1)!;
  const perKind = o.rows
    .slice(0, -1)
    .map((r) => ms(r.p95))
    .join(' / ');
  console.log(
    `| ${o.database} | ${o.load} | ${ms(all.perSecond)} | ${ms(all.p50)} | ${ms(all.p95)} | ${ms(all.p99)} | ` +
      `${perKind} | ${all.non2xx} | ${o.errors} / ${o.timeouts} | ${o.cpuMsPerRequest.toFixed(1)} ms | ` +
      `${ms(o.rssMb)} MB | ${met(o) ? 'met' : 'missed'} |`,
  );
}
