import ssh2 from 'ssh2';

/** One ssh2 client login; resolves with the connected client (shell open when `shell` is set). */
export function login(
  port: number,
  username: string,
  password: string,
  shell: boolean,
): Promise<{ client: ssh2.Client; close(): void }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const timer = setTimeout(() => {
      client.end();
      reject(new Error('login timed out'));
    }, 60_000);
    client.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    client.on('ready', () => {
      const done = () => {
        clearTimeout(timer);
        resolve({ client, close: () => client.end() });
      };
      if (!shell) return done();
      client.shell({ term: 'xterm', cols: 80, rows: 24 }, (error, stream) => {
        if (error) return reject(error);
        stream.on('data', () => {});
        done();
      });
    });
    client.connect({ host: '127.0.0.1', port, username, password, readyTimeout: 60_000, keepaliveInterval: 0 });
  });
}

/** Runs `task` for each index with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
