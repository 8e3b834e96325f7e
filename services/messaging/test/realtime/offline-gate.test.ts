import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalOfflineGate, createRedisOfflineGate, type OfflineGate } from '../../src/realtime/offline-gate.js';

// Redis runs on 127.0.0.1:6379 on development machines and in CI.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
afterAll(async () => {
  await redis.quit();
});

async function claimsFromSimultaneousDisconnects(gates: OfflineGate[], principalId: string): Promise<number> {
  const results = await Promise.all(gates.map((gate) => gate.claimOffline(principalId)));
  return results.filter(Boolean).length;
}

describe('offline announcement gate', () => {
  it('in one process: one claim per offline transition, open again once the principal reconnects', async () => {
    const gate = createLocalOfflineGate();
    expect(await claimsFromSimultaneousDisconnects([gate, gate, gate], 'u1')).toBe(1);
    expect(await gate.claimOffline('u1')).toBe(false);
    expect(await gate.claimOffline('u2')).toBe(true);
    await gate.online('u1');
    expect(await gate.claimOffline('u1')).toBe(true);
  });

  it('across replicas through Redis: two replicas racing for the same principal announce once', async () => {
    await redis.connect();
    const prefix = `symbia:test:${randomBytes(6).toString('hex')}`;
    const replicaA = createRedisOfflineGate(redis, prefix);
    const other = redis.duplicate();
    const replicaB = createRedisOfflineGate(other, prefix);
    expect(await claimsFromSimultaneousDisconnects([replicaA, replicaB], 'u1')).toBe(1);
    await replicaB.online('u1');
    expect(await claimsFromSimultaneousDisconnects([replicaB, replicaA], 'u1')).toBe(1);
    // Another deployment (key prefix) is independent.
    expect(await createRedisOfflineGate(redis, `${prefix}-other`).claimOffline('u1')).toBe(true);
    await other.quit();
  });
});
