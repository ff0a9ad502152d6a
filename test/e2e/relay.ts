// A TCP relay from the pods' bridge to a server on the host's loopback, which bridge pods cannot
// reach (their loopback is their own; hostNetwork, which would share it, is refused by Pod Security
// restricted). Bytes pass both ways untouched, so TLS runs end to end through it.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** The host's address on the pods' bridge (scripts/node.sh). */
export const BRIDGE_HOST = '10.244.0.1';

/** A relay listening on a free port of the bridge; close() ends its connections first (server.close() alone waits for pods'). */
export interface Relay {
  port: number;
  close: () => Promise<void>;
}

export async function relay(host: string, port: number): Promise<Relay> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host, port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, BRIDGE_HOST, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of open) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
