import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ExerciseError,
  exerciseAnswerKey,
  gradeExercise,
  listExercises,
  loadExercise,
  normaliseValue,
  scoreSet,
  type Exercise,
  type ExerciseGrade,
} from '../src/exercises/index.js';
import { analyseCowrieLog } from '../src/exercises/cowrie-session/cowrie-analysis.js';

const PCAP_DIR = fileURLToPath(new URL('../exercises/pcap-synscan/', import.meta.url));
/** The shipped log, written for cynex (see exercises/cowrie-session/README.md). */
const COWRIE_FILE = fileURLToPath(new URL('../exercises/cowrie-session/cowrie-2026-05-14.json', import.meta.url));
/** A real Cowrie log (GPL-3.0, test data only): read in place when the reference data is there, never copied. */
const REAL_COWRIE_LOG = fileURLToPath(
  new URL('../../../../shared/data/cowrie/cowrie.json.2020-03-19', import.meta.url),
);

/** An empty exercises folder, to see a missing data file reported. */
const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'cynex-exercises-'));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

const pcapExercise = () => loadExercise('pcap-synscan');
const cowrieExercise = () => loadExercise('cowrie-session');

function byId(grade: ExerciseGrade, id: string) {
  const found = grade.questions.find((q) => q.questionId === id);
  if (!found) throw new Error(`no grade for ${id}`);
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<ExerciseError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExerciseError);
  return error as ExerciseError;
}

function tshark(file: string, filter: string, ...fields: string[]): string[][] {
  const args = ['-r', path.join(PCAP_DIR, file), '-Y', filter, '-T', 'fields', '-E', 'occurrence=f'];
  const out = execFileSync('tshark', [...args, ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/** Read by hand from the captures (tshark, Wireshark): see the tshark test for the same values computed live. */
const PCAP_ANSWERS = {
  scanners: ['172.16.0.8'],
  'scan-type': 'syn',
  'ports-probed': 1000,
  'open-ports': ['22', '53', '80'],
  'closed-ports': '25, 70, 113, 31337',
  victim: '10.10.10.10',
  'backscatter-count': '7,808',
  'reflected-port': 80,
};

describe(scoreSet.name, () => {
  it('scores found minus wrong over the truth, floored at 0', () => {
    expect(scoreSet(['a', 'b', 'c'], ['a', 'b', 'x']).score).toBeCloseTo(1 / 3);
    expect(scoreSet(['a', 'b', 'c'], ['a', 'x', 'y']).score).toBe(0);
    expect(scoreSet(['a'], ['a']).score).toBe(1);
  });

  it('gives half credit one ATT&CK level off and neither credit nor penalty to a sibling sub-technique', () => {
    const parent = scoreSet(['T1110.001', 'T1105'], ['T1110', 'T1105'], true);
    expect(parent).toMatchObject({ found: 1, halfFound: 1, wrong: 0, score: 0.75 });
    const child = scoreSet(['T1082'], ['T1082.001'], true);
    expect(child).toMatchObject({ halfFound: 1, score: 0.5 });
    const sibling = scoreSet(['T1110.001', 'T1105'], ['T1110.003', 'T1105'], true);
    expect(sibling).toMatchObject({ found: 1, near: 1, wrong: 0, score: 0.5 });
  });
});

describe(normaliseValue.name, () => {
  it('brings equal values to one form', () => {
    expect(normaliseValue('ipv4', ' 064.013.134.052 ', 'q')).toBe('64.13.134.52');
    expect(normaliseValue('port', '080/tcp', 'q')).toBe('80');
    expect(normaliseValue('technique', 't1110.001', 'q')).toBe('T1110.001');
    expect(normaliseValue('credential', 'root / admin', 'q')).toBe('root:admin');
    expect(normaliseValue('command', './0s234154y5dthge4 NEWROOTS', 'q')).toBe('0s234154y5dthge4');
    expect(normaliseValue('url', 'HTTP://45.148.10.95:80/A.x86', 'q')).toBe('http://45.148.10.95/A.x86');
  });

  it('refuses what is not of its type, naming the question', () => {
    expect(() => normaliseValue('ipv4', '10.0.0.256', 'scanners')).toThrow(/scanners: "10.0.0.256" is not an IPv4/);
    expect(() => normaliseValue('port', '70000', 'open-ports')).toThrow(ExerciseError);
    expect(() => normaliseValue('technique', 'TA0001', 'techniques')).toThrow(/ATT&CK technique id/);
  });
});

describe('pcap-synscan', () => {
  it('grades the answers read from the captures as fully correct', async () => {
    const grade = await gradeExercise(await pcapExercise(), PCAP_ANSWERS);
    expect(grade.questions.map((q) => [q.questionId, q.status])).toEqual(
      Object.keys(PCAP_ANSWERS).map((id) => [id, 'correct']),
    );
    expect(grade.points).toBe(grade.maxPoints);
    expect(grade.maxPoints).toBe(13);
  });

  it('agrees with tshark on every answer', async () => {
    const syns = tshark('synscan.pcapng', 'tcp.flags.syn==1 && tcp.flags.ack==0', 'ip.src', 'ip.dst', 'tcp.dstport');
    const portsBySource = new Map<string, Set<string>>();
    for (const [src, dst, port] of syns) {
      const key = `${src} ${dst}`;
      portsBySource.set(key, (portsBySource.get(key) ?? new Set()).add(port!));
    }
    const scanners = [...portsBySource].filter(([, ports]) => ports.size >= 20).map(([key]) => key.split(' ')[0]!);
    const target = '64.13.134.52';
    const probed = new Set(syns.filter(([, dst]) => dst === target).map(([, , port]) => port));
    const fromTarget = (filter: string) => [
      ...new Set(tshark('synscan.pcapng', `ip.src==${target} && ${filter}`, 'tcp.srcport').map(([p]) => p!)),
    ];
    const acks = tshark('synscan.pcapng', `ip.dst==${target} && tcp.flags==0x010`, 'ip.src');

    const dsts = tshark('amp.TCP.reflection.SYNACK.pcap', 'ip', 'ip.dst').map(([d]) => d!);
    const victim = mostCommon(dsts);
    const backscatter = tshark(
      'amp.TCP.reflection.SYNACK.pcap',
      `ip.dst==${victim} && ((tcp.flags.syn==1 && tcp.flags.ack==1) || tcp.flags.reset==1 || ((icmp.type==3 || icmp.type==11) && tcp.flags.syn==1 && tcp.flags.ack==0))`,
      'frame.number',
    );
    const synAckPorts = tshark(
      'amp.TCP.reflection.SYNACK.pcap',
      'tcp.flags.syn==1 && tcp.flags.ack==1',
      'tcp.srcport',
    ).map(([p]) => p!);
    const topPort = mostCommon(synAckPorts);

    const answers = {
      scanners,
      'scan-type': acks.length > 0 ? 'connect' : 'syn',
      'ports-probed': probed.size,
      'open-ports': fromTarget('tcp.flags.syn==1 && tcp.flags.ack==1'),
      'closed-ports': fromTarget('tcp.flags.reset==1'),
      victim,
      'backscatter-count': backscatter.length,
      'reflected-port': topPort,
    };
    const grade = await gradeExercise(await pcapExercise(), answers);
    expect(grade.questions.filter((q) => q.status !== 'correct')).toEqual([]);
    // And tshark's view is the one read by hand above, so neither side drifted.
    expect({ ...answers, 'open-ports': answers['open-ports'].sort() }).toMatchObject({
      scanners: PCAP_ANSWERS.scanners,
      'ports-probed': 1000,
      'open-ports': ['22', '53', '80'],
      victim: '10.10.10.10',
      'backscatter-count': 7808,
      'reflected-port': '80',
    });
  });

  it('grades wrong answers wrong, with feedback that explains without revealing', async () => {
    const grade = await gradeExercise(await pcapExercise(), {
      scanners: ['64.13.134.52'],
      'scan-type': 'connect',
      'ports-probed': 1994,
      'backscatter-count': 6651,
    });
    const scanners = byId(grade, 'scanners');
    expect(scanners).toMatchObject({ status: 'wrong', points: 0 });
    expect(scanners.feedback.en).toBe(
      '0 of 1 found. 1 value you gave did not send SYNs to that many ports (each costs one found value). 1 still missing.',
    );
    expect(scanners.feedback.en).not.toContain('172.16.0.8');
    expect(byId(grade, 'scan-type').status).toBe('wrong');
    expect(byId(grade, 'ports-probed').feedback.en).toBe('Too high.');
    expect(byId(grade, 'ports-probed').feedback.ja).toBe('多すぎます。');
    expect(byId(grade, 'backscatter-count')).toMatchObject({ status: 'wrong', feedback: { en: 'Too low.' } });
    expect(byId(grade, 'open-ports')).toMatchObject({
      status: 'wrong',
      points: 0,
      feedback: { en: 'No answer given.' },
    });
  });

  it('gives partial credit: some ports right, one wrong; a count that missed the ICMP errors', async () => {
    const grade = await gradeExercise(await pcapExercise(), {
      'open-ports': ['22', '80', '443'],
      'closed-ports': ['113', '25'],
      'backscatter-count': 7669,
    });
    const open = byId(grade, 'open-ports');
    expect(open).toMatchObject({ status: 'partial', points: 0.67, maxPoints: 2 });
    expect(open.feedback.en).toContain('2 of 3 found.');
    expect(open.feedback.en).toContain('1 value you gave never answered SYN-ACK');
    expect(open.feedback.en).not.toMatch(/\b53\b/);
    expect(byId(grade, 'closed-ports')).toMatchObject({ status: 'partial', points: 1 });
    expect(byId(grade, 'backscatter-count')).toMatchObject({ status: 'partial', points: 1.5 });
  });

  it('refuses malformed submissions with clear errors', async () => {
    const exercise = await pcapExercise();
    const tooMany = Array.from({ length: 65 }, (_, i) => String(i + 1));
    expect(await rejection(gradeExercise(exercise, { 'open-ports': tooMany }))).toMatchObject({
      code: 'EXERCISE_TOO_MANY_VALUES',
      message: 'open-ports: 65 values given; at most 64 allowed',
    });
    expect(await rejection(gradeExercise(exercise, { scanners: 'scanme.nmap.org' }))).toMatchObject({
      code: 'EXERCISE_ANSWER_INVALID',
      questionId: 'scanners',
    });
    expect(await rejection(gradeExercise(exercise, { scanners: 'x'.repeat(20_000) }))).toMatchObject({
      code: 'EXERCISE_ANSWER_TOO_LONG',
    });
    expect(await rejection(gradeExercise(exercise, { victim: '1'.repeat(300) }))).toMatchObject({
      code: 'EXERCISE_ANSWER_TOO_LONG',
    });
    expect(await rejection(gradeExercise(exercise, { 'scan-type': 'xmas' }))).toMatchObject({
      code: 'EXERCISE_ANSWER_INVALID',
      message: 'scan-type: "xmas" is not one of the options (syn, connect)',
    });
    expect(await rejection(gradeExercise(exercise, { 'ports-probed': 'about a thousand' }))).toMatchObject({
      code: 'EXERCISE_ANSWER_INVALID',
    });
    expect(await rejection(gradeExercise(exercise, { flag: 'x' }))).toMatchObject({
      code: 'EXERCISE_QUESTION_UNKNOWN',
    });
    expect(await rejection(gradeExercise(exercise, [] as unknown as Record<string, unknown>))).toMatchObject({
      code: 'EXERCISE_ANSWERS_INVALID',
    });
  });

  it('computes the answer key once per loaded exercise', async () => {
    const first = await exerciseAnswerKey(await pcapExercise());
    expect(await exerciseAnswerKey(await pcapExercise())).toBe(first);
  });
});

type CowrieRecord = Record<string, unknown> & { eventid: string; src_ip: string; session: string };

const cowrieRecords = (): CowrieRecord[] =>
  readFileSync(COWRIE_FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CowrieRecord);

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/** Read from the log's JSON directly, without @cynex/core. */
function cowrieAnswersByHand() {
  const all = cowrieRecords();
  const winners = [...new Set(all.filter((r) => r.eventid === 'cowrie.login.success').map((r) => r.src_ip))];
  expect(winners).toHaveLength(1);
  const attacker = winners[0]!;
  const records = all.filter((r) => r.src_ip === attacker);
  const ofKind = (eventid: string) => records.filter((r) => r.eventid === eventid);
  const inputs = ofKind('cowrie.command.input').map((r) => r.input as string);
  // The log's lines hold no quoted separators, so a plain split finds the simple commands.
  const simple = inputs.flatMap((input) =>
    input
      .split(/;|&&|\|\||\|/)
      .map((part) => part.trim())
      .filter(Boolean),
  );
  const [download] = ofKind('cowrie.session.file_download');
  const savedAs = baseName(download!.destfile as string);
  return {
    attacker,
    sessions: new Set(records.map((r) => r.session)).size,
    credentials: [...new Set(ofKind('cowrie.login.success').map((r) => `${String(r.username)}:${String(r.password)}`))],
    'first-command': simple[0],
    programs: [...new Set(simple.map((command) => command.split(' ')[0]!))],
    'download-url': download!.url as string,
    'ran-as': simple.find((command) => baseName(command.split(' ')[0]!) === savedAs),
    // The log read against the classifier's rule table: a password at every login (T1110.001); uname -a,
    // cat /proc/cpuinfo, nproc (T1082); w (T1033); cat /etc/passwd (T1087.001); unset HISTFILE (T1562.003);
    // wget and the download (T1105); chmod +x (T1222.002); running the download (T1059.004); echo … >>
    // authorized_keys (T1098.004); crontab /tmp/.c (T1053.003); rm -f /tmp/.c (T1070.004); history -c and
    // rm -f /root/.bash_history (T1070.003); ps aux (T1057). crontab -l only lists, so it maps to nothing.
    techniques: [
      'T1110.001',
      'T1082',
      'T1033',
      'T1087.001',
      'T1562.003',
      'T1105',
      'T1222.002',
      'T1059.004',
      'T1098.004',
      'T1053.003',
      'T1070.004',
      'T1070.003',
      'T1057',
    ],
    evasion: ['clear-history', 'stop-history', 'delete-files'],
    persistence: ['ssh-key', 'cron'],
  };
}

describe('cowrie-session', () => {
  it('is listed and available from the shipped log; a missing file is still reported', async () => {
    const listed = await listExercises();
    expect(listed.map((e) => [e.id, e.available])).toEqual([
      ['pcap-synscan', true],
      ['cowrie-session', true],
    ]);
    const exercise = await cowrieExercise();
    expect(exercise.files.map((f) => f.name)).toEqual(['cowrie-2026-05-14.json']);
    expect(exercise.definition.files[0]?.source).toMatch(/^Written for cynex/);
    expect(await rejection(loadExercise('cowrie-session', { exercisesDir: emptyDir }))).toMatchObject({
      code: 'EXERCISE_DATA_MISSING',
    });
  });

  it('ships a log in Cowrie form: one day in 2026, documentation and private addresses only', async () => {
    const records = cowrieRecords();
    const sessions = new Set(records.map((r) => r.session)).size;
    const [described] = (await cowrieExercise()).definition.files;
    expect(described?.description.en).toContain(`(${records.length} lines, ${sessions} sessions)`);
    expect(described?.description.ja).toContain(`${records.length} 行、${sessions} セッション`);
    expect(records.length).toBeGreaterThanOrEqual(60);
    expect(records.length).toBeLessThanOrEqual(120);
    const ids = new Set(records.map((r) => r.eventid));
    expect([...ids].every((id) => id.startsWith('cowrie.'))).toBe(true);
    for (const id of ['session.connect', 'client.version', 'client.kex', 'login.failed', 'login.success'])
      expect(ids).toContain(`cowrie.${id}`);
    for (const id of ['command.input', 'session.file_download', 'session.closed'])
      expect(ids).toContain(`cowrie.${id}`);
    const documentation = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/;
    for (const r of records) {
      expect(r.timestamp).toMatch(/^2026-05-14T\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(r.src_ip).toMatch(documentation);
      if (r.dst_ip !== undefined) expect(r.dst_ip).toMatch(/^10\./);
      if (r.url !== undefined) expect(new URL(r.url as string).hostname).toMatch(documentation);
      if (r.shasum !== undefined) expect(r.shasum).toMatch(/^[0-9a-f]{64}$/);
    }
    const times = records.map((r) => r.timestamp as string);
    expect(times).toEqual([...times].sort());
    // Noise: other sources that only tried passwords.
    const sources = new Set(records.map((r) => r.src_ip));
    expect(sources.size).toBe(3);
  });

  it('grades the answers read from the log by hand as fully correct', async () => {
    const answers = cowrieAnswersByHand();
    expect(answers).toMatchObject({ attacker: '203.0.113.45', sessions: 5, 'ran-as': './sysmond -d' });
    expect(answers.credentials).toEqual(['hzkadmin:Hoshizora2026', 'root:Hoshizora2026']);
    const grade = await gradeExercise(await cowrieExercise(), answers);
    expect(grade.questions.filter((q) => q.status !== 'correct')).toEqual([]);
    expect(grade.questions).toHaveLength(10);
    expect(grade.points).toBe(18);
    expect(grade.maxPoints).toBe(18);
  });

  it('grades ATT&CK ids with partial credit for the parent technique and a penalty for the unsupported', async () => {
    const exercise: Exercise = await cowrieExercise();
    const rest = cowrieAnswersByHand().techniques.filter((t) => t !== 'T1110.001');
    const grade = await gradeExercise(exercise, { techniques: ['t1110', ...rest].join(', ') });
    const techniques = byId(grade, 'techniques');
    // (12 + ½) / 13 of 4 points.
    expect(techniques).toMatchObject({ status: 'partial', points: 3.85 });
    expect(techniques.feedback.en).toContain('1 named one level off');
    const worse = byId(
      await gradeExercise(exercise, { techniques: ['T1105', 'T1486', 'T1110.003', 'T1082'] }),
      'techniques',
    );
    // 2 found, 1 sibling (no penalty), 1 unsupported: (2 − 1) / 13 of 4 points.
    expect(worse).toMatchObject({ status: 'partial', points: 0.31 });
    expect(worse.feedback.en).toContain('1 value you gave cannot be backed by this log');
    expect(worse.feedback.ja).toContain('このログからは裏付けられません');
  });

  it('grades credentials, choices and the URL partially where they are partly right', async () => {
    const grade = await gradeExercise(await cowrieExercise(), {
      credentials: 'hzkadmin/Hoshizora2026\nroot:Hoshizora2026\nroot:root',
      evasion: ['clear-history', 'wipe-logs', 'delete-files'],
      persistence: ['cron'],
      'download-url': 'http://198.51.100.23/pkg/sysmond',
      attacker: '198.51.100.77',
      sessions: 10,
      'ran-as': 'sysmond.x86_64',
    });
    // (2 − 1) / 2 of 2 points.
    expect(byId(grade, 'credentials')).toMatchObject({ status: 'partial', points: 1 });
    expect(byId(grade, 'credentials').feedback.en).toContain('never logged in successfully');
    // (2 − 1) / 3 of 2 points.
    expect(byId(grade, 'evasion')).toMatchObject({ status: 'partial', points: 0.67 });
    expect(byId(grade, 'persistence')).toMatchObject({ status: 'partial', points: 1 });
    expect(byId(grade, 'persistence').feedback.en).toBe('1 of 2 found. 1 still missing.');
    expect(byId(grade, 'download-url')).toMatchObject({ status: 'partial', points: 1 });
    expect(byId(grade, 'download-url').feedback.en).toBe('Right server, but not the exact URL: check the path.');
    // A source that only sprayed passwords; every session in the log; the URL's name instead of the saved one.
    expect(byId(grade, 'attacker')).toMatchObject({ status: 'wrong', points: 0 });
    expect(byId(grade, 'sessions')).toMatchObject({ status: 'wrong', feedback: { en: 'Too high.' } });
    expect(byId(grade, 'ran-as')).toMatchObject({ status: 'wrong', points: 0 });
  });

  it('refuses an option that is not offered', async () => {
    expect(await rejection(gradeExercise(await cowrieExercise(), { persistence: ['rootkit'] }))).toMatchObject({
      code: 'EXERCISE_ANSWER_INVALID',
      questionId: 'persistence',
    });
  });

  it('reads a real Cowrie log too (the GPL-3.0 reference log, read in place)', () => {
    const found = analyseCowrieLog(readFileSync(REAL_COWRIE_LOG, 'utf8'));
    expect(found).toMatchObject({
      attacker: '157.230.123.253',
      sessions: 12,
      downloads: ['http://45.148.10.95/dlrdlrdlrdlr00001/d4mnasdasd4mn.x86'],
      ranTransferredAs: ['./0s234154y5dthge4'],
    });
    expect(found.credentials).toHaveLength(5);
    expect(found.techniques).toEqual(
      expect.arrayContaining(['T1105', 'T1110.001', 'T1059.004', 'T1070.003', 'T1070.004']),
    );
  });

  it('has English and Japanese text for every question, option and feedback', async () => {
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const exercise of [await pcapExercise(), await cowrieExercise()]) {
      const { definition } = exercise;
      const options = definition.questions.flatMap((q) =>
        q.kind === 'multi' || q.kind === 'single' ? q.options.map((o) => o.label) : [],
      );
      for (const text of [
        definition.title,
        definition.summary,
        ...definition.questions.map((q) => q.prompt),
        ...options,
      ]) {
        expect(text.en).not.toBe('');
        expect(text.ja).toMatch(japanese);
      }
      const grade = await gradeExercise(exercise, {});
      for (const q of grade.questions) {
        expect(q.feedback.en).not.toBe('');
        expect(q.feedback.ja).toMatch(japanese);
      }
    }
  });
});

describe(loadExercise.name, () => {
  it('refuses bad and unknown ids', async () => {
    expect(await rejection(loadExercise('../pcap-synscan'))).toMatchObject({ code: 'EXERCISE_INVALID_ID' });
    expect(await rejection(loadExercise('no-such-exercise'))).toMatchObject({ code: 'EXERCISE_UNKNOWN' });
  });
});
