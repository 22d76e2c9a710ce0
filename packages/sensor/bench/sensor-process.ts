import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Stats the sensor process reports (after two forced GCs). */
export interface SensorStats {
  rss: number;
  heapUsed: number;
  external: number;
  counts: Record<string, number>;
}

/** A fresh sensor process running the SSH service (bench/server.ts), driven over IPC. */
export class SensorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly username: string,
    readonly password: string,
  ) {}

  static start(config: { failureDelayMs?: { min: number; max: number } } = {}): Promise<SensorProcess> {
    const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`sensor process exited (${code})`)));
      child.once('message', (m: { type: string; port: number; username: string; password: string }) => {
        if (m.type === 'ready') resolve(new SensorProcess(child, m.port, m.username, m.password));
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  stats(): Promise<SensorStats> {
    return new Promise((resolve) => {
      const onMessage = (m: SensorStats & { type: string }) => {
        if (m.type !== 'stats') return;
        this.child.off('message', onMessage);
        resolve(m);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'stats' });
    });
  }

  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);
export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  console.log('-'.repeat(title.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}
