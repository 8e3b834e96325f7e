import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  connectIdentityForTests,
  startIdentityForTests,
  startIdentityProcess,
  type IdentityAddress,
  type IdentityForTests,
} from './start-identity-for-tests.js';

export interface IdentityBroker {
  url: string;
  /** How many identities were started (one per worker slot that asked). */
  started(): number;
  /** Stops every identity it started and drops their databases. */
  close(): Promise<void>;
}

/**
 * Runs in vitest's main process (global setup): a loopback HTTP endpoint that starts one identity per worker slot
 * the first time a test file of that slot asks (`GET /identity/<slot>`), then hands every later file of the slot the
 * same one. Nothing starts for a run that never asks, so a run of unit tests pays nothing.
 */
export async function startIdentityBroker(): Promise<IdentityBroker> {
  const identities = new Map<string, Promise<IdentityAddress & { close(): Promise<void> }>>();
  const server: Server = createServer((req, res) => {
    const slot = /^\/identity\/([A-Za-z0-9_-]{1,32})$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'GET' || slot === undefined) {
      res.writeHead(404).end();
      return;
    }
    let identity = identities.get(slot);
    if (identity === undefined) {
      identity = startIdentityProcess({ databasePrefix: `shared_identity_${slot}`, raisedLimits: true });
      identities.set(slot, identity);
      // A failed start is answered to every file that asks, and retried by none: the cause is in the message.
      identity.catch(() => {});
    }
    identity.then(
      ({ url, secrets, adminEmail }) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url, secrets, adminEmail }));
      },
      (error: unknown) => {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    started: () => identities.size,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(
        [...identities.values()].map(async (identity) => {
          const started = await identity.catch(() => undefined);
          await started?.close();
        }),
      );
    },
  };
}

let shared: Promise<IdentityForTests> | undefined;

/**
 * The identity of this test worker (DESIGN §8): started once per worker by the global setup's broker and reused by
 * every test file the worker runs, instead of one identity process per file. Its `close()` does nothing (the global
 * teardown stops it), so harnesses call it as they would a private one. Files share it, so they must not assume an
 * empty identity: register users with fresh emails (`registerOrgAdmin` does) and leave tests of the first admin or
 * the setup token on a private `startIdentityForTests()`. Without the broker (a script outside vitest) it starts a
 * private identity, stopped by close().
 */
export function sharedIdentityForTests(): Promise<IdentityForTests> {
  shared ??= connectShared().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function connectShared(): Promise<IdentityForTests> {
  const brokerUrl = await resolveBrokerUrl();
  if (brokerUrl === undefined) return startIdentityForTests({ databasePrefix: 'identity_private' });
  const slot = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '1';
  const res = await fetch(`${brokerUrl}/identity/${slot}`);
  if (!res.ok) throw new Error(`the shared test identity did not start: ${await res.text()}`);
  const address = (await res.json()) as IdentityAddress;
  return connectIdentityForTests(address, async () => {});
}

async function resolveBrokerUrl(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  try {
    const { inject } = await import('vitest');
    return inject('symbiaIdentityBrokerUrl') || undefined;
  } catch {
    return undefined; // not inside a test worker
  }
}
