import { randomUUID } from 'node:crypto';
import { createRelayClient, type RelayClient, type SandboxEvent } from '@symbia/relay';
import { signedEnvelopeFor } from '@symbia/relay/testing';
import { startNetworkPlatformForTests, type NetworkPlatformForTests } from '@symbia/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Network issue: identity publishes its revocations through @symbia/relay for any subscriber. Identity runs its
 * main.ts (it joins the network), the network is a real process, and the subscriber is another service principal's
 * relay client that identity knows nothing about.
 */
let platform: NetworkPlatformForTests;
let subscriber: RelayClient;
const received: SandboxEvent[] = [];

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const eventsOf = (type: string, match: (data: Record<string, unknown>) => boolean) =>
  received.filter((e) => e.payload.type === type && match(e.payload.data as Record<string, unknown>));

beforeAll(async () => {
  platform = await startNetworkPlatformForTests();
  subscriber = createRelayClient({
    networkUrl: platform.network.url,
    nodeId: 'catalog',
    authToken: () => platform.identity.serviceToken('catalog'),
  });
  subscriber.onAnyEvent((event) => void received.push(event));
  await subscriber.connect();
  // Identity registers once it listens and declares identity → <each platform service> for identity.*.
  await waitFor('identity on the network with its contract', async () =>
    (await subscriber.getTopology()).contracts.some(
      (c) => c.from === 'identity' && c.to === 'catalog' && c.allowedEventTypes.includes('identity.*'),
    ),
  );
});
afterAll(async () => {
  await subscriber?.disconnect();
  await platform?.close();
});

describe('identity revocations over the network', () => {
  it('a logout reaches a relay subscriber as identity.session.revoked', async () => {
    const user = await platform.identity.registerOrgAdmin('Revoked Org');
    const sid = decodeJwt(user.token).sid as string;
    await platform.identity.call('/api/auth/logout', {}, user.headers);

    await waitFor(
      'identity.session.revoked',
      () => eventsOf('identity.session.revoked', (d) => d.sid === sid).length > 0,
    );
    const [event] = eventsOf('identity.session.revoked', (d) => d.sid === sid);
    expect(event!.wrapper.source).toBe('identity');
    expect(event!.payload.data).toMatchObject({ kind: 'session', subjectId: sid, sid, exp: expect.any(Number) });
  });

  it('reaches platform services only: a user’s browser node gets no other user’s revocation (network W10)', async () => {
    const viewer = await platform.identity.registerOrgAdmin('Viewer Org');
    const browser = createRelayClient({
      networkUrl: platform.network.url,
      nodeId: `client-${randomUUID()}`,
      nodeType: 'client',
      authToken: viewer.token,
      autoReconnect: false,
    });
    const seenByBrowser: SandboxEvent[] = [];
    browser.onAnyEvent((event) => void seenByBrowser.push(event));
    await browser.connect();
    try {
      const other = await platform.identity.registerOrgAdmin('Other Org');
      const sid = decodeJwt(other.token).sid as string;
      await platform.identity.call('/api/auth/logout', {}, other.headers);
      await waitFor(
        'the revocation at the service',
        () => eventsOf('identity.session.revoked', (d) => d.sid === sid).length > 0,
      );
      expect(seenByBrowser).toEqual([]);
    } finally {
      await browser.disconnect();
    }
  });

  it('an API key revocation and a member removal reach it too (the feed kinds api_key and membership)', async () => {
    const owner = await platform.identity.registerOrgAdmin('Key Org');
    const created = await platform.identity.call('/api/api-keys', { name: 'k', orgId: owner.orgId }, owner.headers);
    await platform.identity.call(`/api/api-keys/${created.id as string}/revoke`, {}, owner.headers);
    await waitFor(
      'identity.api_key.revoked',
      () => eventsOf('identity.api_key.revoked', (d) => d.subjectId === created.id).length > 0,
    );

    const member = await platform.identity.registerOrgAdmin('Member Home');
    const membership = await platform.identity.call(
      `/api/orgs/${owner.orgId}/members/invite`,
      { email: member.email, role: 'member' },
      owner.headers,
    );
    const res = await fetch(`${platform.identity.url}/api/orgs/${owner.orgId}/members/${membership.id as string}`, {
      method: 'DELETE',
      headers: owner.headers,
    });
    expect(res.status).toBe(200);
    await waitFor(
      'identity.membership.revoked',
      () =>
        eventsOf('identity.membership.revoked', (d) => d.subjectId === member.id && d.orgId === owner.orgId).length > 0,
    );
  });

  it('shows the relay in /metrics', async () => {
    const text = await (await fetch(`${platform.identity.url}/metrics`)).text();
    expect(text).toMatch(/relay_connected\{[^}]*node_id="identity"[^}]*\} 1/);
    expect(text).toMatch(/relay_events_dropped_total\{[^}]*\} 0/);
  });
});

describe('POST /api/network/receive on identity', () => {
  const post = (body: unknown) =>
    fetch(`${platform.identity.url}/api/network/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const envelope = (secret: string) =>
    signedEnvelopeFor(secret, { type: 'test.ping', data: { n: 1 }, source: 'catalog', target: 'identity' });

  it('accepts an envelope signed with NETWORK_HASH_SECRET once (202), then refuses its replay (409)', async () => {
    const event = envelope(platform.secrets.NETWORK_HASH_SECRET!);
    const first = await post(event);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ received: true, eventId: event.wrapper.id });
    const replay = await post(event);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ code: 'event_replayed' });
  });

  it('refuses a forged or altered envelope (401 invalid_event_signature)', async () => {
    const forged = await post(envelope(randomUUID()));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'invalid_event_signature' });
    const altered = envelope(platform.secrets.NETWORK_HASH_SECRET!);
    altered.payload.data = { n: 2 };
    const res = await post(altered);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'invalid_event_signature' });
  });

  it('answers malformed input with 400', async () => {
    const res = await post({ payload: { type: 'x' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed' });
  });
});
