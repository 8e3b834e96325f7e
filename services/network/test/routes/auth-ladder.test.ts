import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type NetworkHarness, type OrgSession } from '../helpers/network-harness.js';

const event = { payload: { type: 'a.b', data: {} }, source: 'src', runId: 'r' };
const policy = { name: 'p', priority: 1, conditions: [], action: { type: 'allow' } };

/** Every REST route of network.md §13 with the capability it needs (null: any authenticated principal). */
const routes: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; cap: string | null; body?: unknown }> =
  [
    {
      method: 'POST',
      url: '/api/registry/nodes',
      cap: 'cap:network.nodes.admin',
      body: { id: 'n1', name: 'n', type: 'service', capabilities: [], endpoint: '' },
    },
    { method: 'GET', url: '/api/registry/nodes', cap: null },
    { method: 'GET', url: '/api/registry/nodes/n1', cap: null },
    { method: 'POST', url: '/api/registry/nodes/n1/heartbeat', cap: null },
    { method: 'DELETE', url: '/api/registry/nodes/n1', cap: null },
    { method: 'GET', url: '/api/registry/nodes/capability/x', cap: null },
    { method: 'GET', url: '/api/registry/nodes/type/service', cap: null },
    {
      method: 'POST',
      url: '/api/registry/contracts',
      cap: 'cap:network.contracts.write',
      body: { from: 'a', to: 'b', allowedEventTypes: ['*'], boundaries: ['intra'] },
    },
    { method: 'GET', url: '/api/registry/contracts', cap: null },
    { method: 'DELETE', url: '/api/registry/contracts/c1', cap: 'cap:network.contracts.write' },
    {
      method: 'POST',
      url: '/api/registry/bridges',
      cap: 'cap:network.nodes.admin',
      body: { name: 'b', type: 'webhook', endpoint: 'https://example.com/hook', eventTypes: [] },
    },
    { method: 'GET', url: '/api/registry/bridges', cap: null },
    { method: 'GET', url: '/api/registry/bridges/b1', cap: null },
    { method: 'PATCH', url: '/api/registry/bridges/b1', cap: 'cap:network.nodes.admin', body: { active: false } },
    { method: 'DELETE', url: '/api/registry/bridges/b1', cap: 'cap:network.nodes.admin' },
    { method: 'POST', url: '/api/events', cap: 'cap:network.events.write', body: event },
    { method: 'GET', url: '/api/events', cap: 'cap:network.events.read' },
    { method: 'GET', url: '/api/events/stats', cap: 'cap:network.events.read' },
    { method: 'GET', url: '/api/events/e1/trace', cap: 'cap:network.traces.read' },
    { method: 'GET', url: '/api/events/traces/r', cap: 'cap:network.traces.read' },
    { method: 'POST', url: '/api/events/hash', cap: 'cap:network.nodes.admin', body: event },
    { method: 'POST', url: '/api/policies', cap: 'cap:network.policies.write', body: policy },
    { method: 'GET', url: '/api/policies', cap: 'cap:network.policies.read' },
    { method: 'GET', url: '/api/policies/p1', cap: 'cap:network.policies.read' },
    { method: 'PATCH', url: '/api/policies/p1', cap: 'cap:network.policies.write', body: { enabled: false } },
    { method: 'DELETE', url: '/api/policies/p1', cap: 'cap:network.policies.write' },
    { method: 'POST', url: '/api/policies/test', cap: 'cap:network.policies.read', body: event },
    { method: 'GET', url: '/api/sdn/topology', cap: 'cap:network.topology.read' },
    { method: 'GET', url: '/api/sdn/summary', cap: 'cap:network.topology.read' },
    { method: 'GET', url: '/api/sdn/graph', cap: 'cap:network.topology.read' },
    { method: 'GET', url: '/api/sdn/trace/e1', cap: 'cap:network.traces.read' },
    { method: 'GET', url: '/api/sdn/traces/r', cap: 'cap:network.traces.read' },
    { method: 'GET', url: '/api/sdn/flow/r', cap: 'cap:network.traces.read' },
    { method: 'GET', url: '/api/sdn/policies', cap: 'cap:network.policies.read' },
    { method: 'POST', url: '/api/sdn/simulate', cap: 'cap:network.events.read', body: event },
    { method: 'GET', url: '/api/platform/health', cap: null },
  ];

describe('REST auth ladder (network.md §12.2, §18 scenario 2)', () => {
  let h: NetworkHarness;
  let user: OrgSession;

  beforeAll(async () => {
    h = await startNetwork();
    user = await h.registerOrgUser('Ladder Org');
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = (route: (typeof routes)[number], headers: Record<string, string> = {}) =>
    h.app.inject({
      method: route.method,
      url: route.url,
      headers,
      ...(route.body === undefined ? {} : { payload: route.body as object }),
    });

  it.each(routes)('$method $url: no credential → 401 authentication_required', async (route) => {
    expect(refusalOf(await send(route))).toEqual({ status: 401, code: 'authentication_required' });
  });

  it.each(routes)('$method $url: a bogus token → 401 invalid_token', async (route) => {
    expect(refusalOf(await send(route, { authorization: 'Bearer not-a-token' }))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it.each(routes.filter((r) => r.cap !== null))('$method $url: a user without $cap → 403 naming it', async (route) => {
    const res = await send(route, user.headers);
    expect(refusalOf(res)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(res.json().requiredPermission).toBe(route.cap);
  });

  it('an agent without the capability is refused too (network W8)', async () => {
    const agent = await h.registerAgent(`assistant:ladder-${Date.now()}`, user.orgId, []);
    const res = await h.app.inject({ method: 'POST', url: '/api/policies', headers: agent.headers, payload: policy });
    expect(refusalOf(res)).toEqual({ status: 403, code: 'insufficient_permissions' });
  });

  it('admits the super admin: POST /api/registry/nodes → 201 with registeredAt == lastHeartbeat', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/registry/nodes',
      headers: h.admin.headers,
      payload: { id: 'admin-node', name: 'n', type: 'sandbox', capabilities: [], endpoint: '' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().registeredAt).toBe(res.json().lastHeartbeat);
  });
});
