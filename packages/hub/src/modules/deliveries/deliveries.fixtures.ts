/**
 * A webhook receiver for the delivery tests, on 127.0.0.1: refuses (503) the first calls or while told to, and
 * de-duplicates by the Idempotency-Key header as a careful receiver would. Not used by the hub itself.
 */
import http from 'node:http';
import type net from 'node:net';

export interface ReceivedCall {
  key: string | undefined;
  deliveryHeader: string | undefined;
  body: { deliveryId?: string; alerts?: { id: string; host: string }[] };
  status: number;
}

export async function dedupReceiver(options: { refuseFirst?: number } = {}) {
  const calls: ReceivedCall[] = [];
  /** Accepted deliveries by key: a key seen twice is a duplicate, acknowledged but not processed again. */
  const accepted = new Map<string, ReceivedCall>();
  let duplicates = 0;
  let refuseFirst = options.refuseFirst ?? 0;
  const state = { refusing: false };
  const server = http.createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const key = request.headers['idempotency-key'] as string | undefined;
      const refuse = state.refusing || refuseFirst > 0;
      if (refuseFirst > 0) refuseFirst -= 1;
      const call: ReceivedCall = {
        key,
        deliveryHeader: request.headers['x-cynex-delivery'] as string | undefined,
        body: JSON.parse(raw) as ReceivedCall['body'],
        status: refuse ? 503 : 204,
      };
      calls.push(call);
      if (!refuse && key) {
        if (accepted.has(key)) duplicates += 1;
        else accepted.set(key, call);
      }
      response.writeHead(call.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cynex`,
    calls,
    accepted,
    state,
    duplicates: () => duplicates,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
