import type { Server } from 'node:net';

/**
 * Listens on a service's binding and resolves with the port it got (port 0 resolved), or rejects with the bind
 * error (EADDRINUSE, EACCES) so the supervisor marks the world failed. Errors after that are the server's own
 * business: an attacker must never be able to crash the sensor through one.
 */
export async function listenOn(server: Server, binding: { host: string; port: number }): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(binding.port, binding.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const address = server.address();
  return typeof address === 'object' && address ? address.port : binding.port;
}
