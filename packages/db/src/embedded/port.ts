import net from 'node:net';

const HOST = '127.0.0.1';

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port the OS reports free on 127.0.0.1 right now (another process may still take it before we do). */
export function findFreePort(): Promise<number> {
  return listenOnce(0);
}

export async function assertPortFree(port: number): Promise<void> {
  try {
    await listenOnce(port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw portInUseError(port);
    throw new Error(`Cannot use port ${port} on ${HOST} for embedded PostgreSQL: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

export function portInUseError(port: number): Error {
  return new Error(`Cannot start embedded PostgreSQL: port ${port} on ${HOST} is already in use`);
}
