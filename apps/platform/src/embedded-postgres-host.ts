// Runs embedded PostgreSQL for the launcher in a process group of its own (the launcher spawns this file
// detached). Ctrl-C in a terminal signals the whole foreground group; without this, the postmaster would begin
// its own fast shutdown while the services are still draining requests that need it. The launcher stops it
// explicitly, last, over IPC; if the launcher disappears, the IPC channel closes and this stops too.
import { ensureDatabase, startEmbeddedPostgres } from '@symbia/db';

export interface HostRequest {
  dataDir: string;
  port?: number;
  database: string;
}

export type HostMessage = { type: 'ready'; url: string; port: number } | { type: 'failed'; message: string };

const send = (message: HostMessage) => process.send?.(message);

async function main(): Promise<void> {
  const request = JSON.parse(process.env.SYMBIA_PG_HOST_REQUEST ?? '{}') as HostRequest;
  const password = process.env.EMBEDDED_POSTGRES_PASSWORD ?? '';
  // The terminal's Ctrl-C is the launcher's to handle; this process only stops when asked.
  process.on('SIGINT', () => undefined);
  const server = await startEmbeddedPostgres({ dataDir: request.dataDir, port: request.port, password });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= server.stop().finally(() => process.exit(0));
    return stopping;
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    await ensureDatabase(server.url, request.database);
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
    await stop();
    return;
  }
  send({ type: 'ready', url: server.url, port: server.port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
