// Free TCP ports on 127.0.0.1, found by binding port 0 and never handed out twice by this process.
import { createServer, type Server } from 'node:net';

const handedOut = new Set<number>();

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct free ports. All are held open together until each is known, so the same call
 * cannot return a port twice; another process may still take one before it is used (rare).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = await listenOnAnyPort();
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('unexpected server address');
      if (handedOut.has(address.port)) continue;
      ports.push(address.port);
    }
  } finally {
    await Promise.all(servers.map(close));
  }
  for (const port of ports) handedOut.add(port);
  return ports;
}

/** One free port. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port');
  return port;
}
