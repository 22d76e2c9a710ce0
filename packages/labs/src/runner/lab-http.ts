import http from 'node:http';
import net from 'node:net';
import { LabRunnerError } from './lab-runner-error.js';

export type LabTransport = { socketPath: string } | { port: number };

export interface LabRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LabResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A lab page is small; anything bigger is a runaway handler, not content to forward. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** One HTTP exchange with a lab over its Unix socket (or its loopback port when there is no network namespace). */
export function labRequest(transport: LabTransport, req: LabRequest, timeoutMs: number): Promise<LabResponse> {
  return new Promise((resolve, reject) => {
    const target =
      'socketPath' in transport ? { socketPath: transport.socketPath } : { host: '127.0.0.1', port: transport.port };
    const outgoing = http.request(
      {
        ...target,
        method: req.method ?? 'GET',
        path: req.path,
        headers: { host: 'lab', ...req.headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy();
            reject(new LabRunnerError('LAB_RESPONSE_TOO_LARGE', `lab response over ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', (err) => reject(new LabRunnerError('LAB_REQUEST_FAILED', err.message)));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (err) => reject(new LabRunnerError('LAB_REQUEST_FAILED', err.message)));
    outgoing.end(req.body);
  });
}

/**
 * Polls `GET /healthz` until it answers 200, the deadline passes, or `gone()` says the process has exited.
 * Returns undefined when healthy, else the reason it is not.
 */
export async function waitForHealth(
  transport: LabTransport,
  deadlineMs: number,
  gone: () => boolean,
): Promise<'timeout' | 'exited' | undefined> {
  for (;;) {
    if (gone()) return 'exited';
    if (Date.now() > deadlineMs) return 'timeout';
    try {
      const res = await labRequest(transport, { path: '/healthz' }, 1_000);
      if (res.status === 200) return undefined;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A free port on 127.0.0.1 for a lab, when there is no network namespace to give it a Unix socket. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
