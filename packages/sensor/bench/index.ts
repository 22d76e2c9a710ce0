import { hydraBench } from './hydra.js';
import { idleBench } from './idle.js';
import { soakBench } from './soak.js';

/**
 * Sensor benchmarks: `npm run bench -- idle|hydra|soak [--sessions N] [--words N] [--seconds N] [--delay] [--no-shell]`.
 * Each starts a fresh sensor process so figures are that process's alone.
 */
const args = process.argv.slice(2);
const FLAGS = ['--delay', '--no-shell'];
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const which = args.filter(
  (a, i) => !a.startsWith('--') && !(args[i - 1]?.startsWith('--') && !FLAGS.includes(args[i - 1]!)),
);
const all = which.length === 0 ? ['idle', 'hydra', 'soak'] : which;

for (const name of all) {
  if (name === 'idle') await idleBench(option('sessions', 5_000), !args.includes('--no-shell'));
  else if (name === 'hydra') await hydraBench(option('words', 5_000), args.includes('--delay'));
  else if (name === 'soak') await soakBench(option('seconds', 60));
  else {
    console.error(`unknown benchmark ${name}: use idle, hydra or soak`);
    process.exitCode = 2;
  }
}
