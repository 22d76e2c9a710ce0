import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, SensorProcess } from './sensor-process.js';

/**
 * (b) `hydra -l USER -P wordlist -t 16 ssh://127.0.0.1:PORT` against a fresh sensor process: attempts per second,
 * whether hydra found the planted password, and whether every attempt hydra made is an `auth` event.
 * The failure delay is 0 here (the service's default is PAM-like 1.5–2.5 s, which caps any brute force at
 * tasks / 2 s); `--delay` runs it with the default to show that figure too.
 */
export async function hydraBench(words: number, realisticDelay: boolean): Promise<void> {
  const sensor = await SensorProcess.start(realisticDelay ? { failureDelayMs: { min: 1_500, max: 2_500 } } : {});
  const dir = mkdtempSync(join(tmpdir(), 'cynex-hydra-'));
  const list = Array.from({ length: words - 1 }, (_, i) => `guess${i}x`);
  list.splice(Math.floor(list.length * 0.9), 0, sensor.password);
  writeFileSync(join(dir, 'words.txt'), `${list.join('\n')}\n`);
  const started = Date.now();
  const out = await new Promise<string>((resolve) => {
    const child = spawn(
      'hydra',
      ['-I', '-V', '-l', sensor.username, '-P', 'words.txt', '-t', '16', `ssh://127.0.0.1:${sensor.port}`],
      { cwd: dir },
    );
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', () => resolve(text));
  });
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1_000));
  const stats = await sensor.stats();
  await sensor.stop();
  const attempts = out.split('\n').filter((l) => l.includes('[ATTEMPT]')).length;
  const found = new RegExp(`login: ${sensor.username}\\s+password: (\\S+)`).exec(out)?.[1];
  const auth = stats.counts['auth'] ?? 0;
  printTable(
    `hydra -t 16 against the SSH service (${words} passwords${realisticDelay ? ', PAM-like failure delay' : ', no failure delay'})`,
    [
      ['hydra attempts ([ATTEMPT] lines)', String(attempts)],
      [
        'auth events recorded',
        `${auth} (${stats.counts['auth_failed'] ?? 0} failed, ${stats.counts['auth_ok'] ?? 0} succeeded)`,
      ],
      ['every attempt recorded', auth >= attempts ? 'yes' : `no (${attempts - auth} missing)`],
      [
        'password found by hydra',
        found === sensor.password ? `yes (${found})` : `no${found ? ` (reported ${found})` : ''}`,
      ],
      ['wall time', `${seconds.toFixed(1)} s`],
      ['attempts per second', (attempts / seconds).toFixed(0)],
      ['connections (connect events)', String(stats.counts['connect'] ?? 0)],
      [
        'real sshd for comparison',
        existsSync('/usr/sbin/sshd')
          ? 'present but not started by this bench (needs its own config)'
          : 'not installed on this machine (no /usr/sbin/sshd): not compared',
      ],
    ],
  );
  if (!found)
    console.log(
      out
        .split('\n')
        .filter((l) => !l.includes('[ATTEMPT]'))
        .slice(-15)
        .join('\n'),
    );
}
