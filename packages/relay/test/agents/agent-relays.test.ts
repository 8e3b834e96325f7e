import { randomBytes } from 'node:crypto';
import { bearer, startNetworkPlatformForTests, type NetworkPlatformForTests } from '@symbia/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  claimOfEventData,
  createAgentRelays,
  createClaimArbiter,
  createRelayClient,
  createTurnEvents,
  type AgentRelays,
  type SandboxEvent,
} from '../../src/index.js';

/**
 * The agent helpers of libraries.md §5.3 against a real network process, with agents registered at the real identity
 * the network authenticates against: each agent joins with its own token as an `assistant` node.
 */
let platform: NetworkPlatformForTests;
let orgId: string;
const suffix = randomBytes(3).toString('hex');
const tokens = new Map<string, string>();
const instances: AgentRelays[] = [];

/** An agent at identity (registered by the super admin, in the test org) and its token. */
const registerAgent = async (name: string): Promise<{ agentId: string; token: string }> => {
  const agentId = `${name}-${suffix}`;
  const body = (await platform.identity.call(
    '/api/auth/agent/register',
    { agentId, credential: randomBytes(24).toString('hex'), name: agentId, orgId, capabilities: [] },
    bearer(platform.identity.admin.token),
  )) as { token: string };
  tokens.set(agentId, body.token);
  return { agentId, token: body.token };
};

const agentRelays = () => {
  const relays = createAgentRelays({
    networkUrl: platform.network.url,
    clientDefaults: { reconnectDelayMs: 200, reconnectDelayMaxMs: 500 },
  });
  instances.push(relays);
  return relays;
};

let calc: { agentId: string; token: string };
let weather: { agentId: string; token: string };

beforeAll(async () => {
  platform = await startNetworkPlatformForTests();
  orgId = (await platform.identity.registerOrgAdmin(`agents-${suffix}`)).orgId;
  calc = await registerAgent('calc');
  weather = await registerAgent('weather');
});
afterAll(async () => {
  await platform?.close();
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((relays) => relays.disconnectAllAgentRelays()));
});

const waitFor = async (what: string, check: () => boolean, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const initBoth = async (relays: AgentRelays, received: SandboxEvent[] = []) => {
  const calcClient = await relays.initAgentRelay({ agentId: calc.agentId, agentName: 'Calc', authToken: calc.token });
  const weatherClient = await relays.initAgentRelay({
    agentId: weather.agentId,
    agentName: 'Weather',
    authToken: weather.token,
    eventHandlers: { 'agent.message': (event) => void received.push(event) },
  });
  return { calcClient, weatherClient };
};

describe('agent relays against a real network service', () => {
  it('registers each agent as an assistant node with its own id, several in one process', async () => {
    const relays = agentRelays();
    const { calcClient } = await initBoth(relays);
    expect(relays.getAgentRelay(calc.agentId)).toBe(calcClient);
    expect(relays.agentIds().sort()).toEqual([calc.agentId, weather.agentId].sort());
    // Agents may not read the whole topology (network W8): a platform service looks.
    const observer = createRelayClient({
      networkUrl: platform.network.url,
      nodeId: 'catalog',
      authToken: () => platform.identity.serviceToken('catalog'),
    });
    await observer.connect();
    const topology = await observer.getTopology().finally(() => observer.disconnect());
    const nodes = topology.nodes.filter((n) => n.id === calc.agentId || n.id === weather.agentId);
    expect(nodes.map((n) => [n.id, n.type]).sort()).toEqual(
      [
        [calc.agentId, 'assistant'],
        [weather.agentId, 'assistant'],
      ].sort(),
    );

    await relays.disconnectAgentRelay(calc.agentId);
    expect(relays.getAgentRelay(calc.agentId)).toBeUndefined();
    expect(calcClient.isReady()).toBe(false);
    expect(relays.getAgentRelay(weather.agentId)?.isReady()).toBe(true);
  });

  it('throws when the network refuses the agent (another agent id than its token’s), leaving nothing behind', async () => {
    const relays = agentRelays();
    await expect(
      relays.initAgentRelay({ agentId: weather.agentId, agentName: 'Impostor', authToken: calc.token }),
    ).rejects.toThrow(/could not join the network/);
    await expect(
      relays.initAgentRelay({ agentId: calc.agentId, agentName: 'Calc', authToken: 'not-a-token' }),
    ).rejects.toThrow(/could not join the network/);
    expect(relays.agentIds()).toEqual([]);
  });

  it('keeps agents of two instances apart (no process-wide agent map)', async () => {
    const first = agentRelays();
    const second = agentRelays();
    await first.initAgentRelay({ agentId: calc.agentId, agentName: 'Calc', authToken: calc.token });
    expect(second.getAgentRelay(calc.agentId)).toBeUndefined();
    await expect(second.sendAgentMessage(weather.agentId, { content: 'x' }, 'run-1')).rejects.toThrow(
      /call initAgentRelay first/,
    );
  });

  it('sends an agent.message (boundary inter) to another node under a contract', async () => {
    const relays = agentRelays();
    const received: SandboxEvent[] = [];
    const { calcClient } = await initBoth(relays, received);
    await calcClient.createContract(weather.agentId, ['agent.*'], ['inter']);

    // Two agents are registered: which one sends must be said.
    await expect(relays.sendAgentMessage(weather.agentId, { content: 'hi' }, 'run-msg')).rejects.toThrow(
      /pass fromAgentId/,
    );
    const { eventId, trace } = await relays.sendAgentMessage(
      weather.agentId,
      { content: { question: 'rain?' }, priority: 'high', correlationId: 'corr-1', metadata: { lang: 'en' } },
      'run-msg',
      calc.agentId,
    );
    expect(trace.status).toBe('delivered');
    await waitFor('the agent.message at weather', () => received.length === 1);
    expect(received[0]!.wrapper).toMatchObject({
      id: eventId,
      source: calc.agentId,
      target: weather.agentId,
      boundary: 'inter',
      runId: 'run-msg',
    });
    expect(received[0]!.payload).toEqual({
      type: 'agent.message',
      data: {
        content: { question: 'rain?' },
        contentType: 'json',
        priority: 'high',
        correlationId: 'corr-1',
        metadata: { lang: 'en' },
      },
    });
    await expect(
      relays.sendAgentMessage(weather.agentId, { content: 'x', priority: 'urgent' as 'high' }, 'r', calc.agentId),
    ).rejects.toThrow(/priority must be one of/);
  });

  it('is refused by the network without a contract', async () => {
    const relays = agentRelays();
    const received: SandboxEvent[] = [];
    await initBoth(relays, received);
    const result = await relays
      .sendAgentMessage(weather.agentId, { content: 'no contract' }, 'run-nc', calc.agentId)
      .then((r) => r.trace.status)
      .catch((err: Error) => err.message);
    expect(result).not.toBe('delivered');
    expect(received).toEqual([]);
  });

  it('makes a request/response round trip, and reports an error answer, a timeout and an unsent request', async () => {
    const relays = agentRelays();
    const { calcClient, weatherClient } = await initBoth(relays);
    await calcClient.createContract(weather.agentId, ['agent.request'], ['inter']);
    await weatherClient.createContract(calc.agentId, ['agent.response'], ['inter']);
    // Delivered, but nobody answers yet: the requester gives up after its timeout.
    await expect(
      relays.sendAgentRequest(weather.agentId, { content: 'anyone?' }, 'run-req', 300, calc.agentId),
    ).resolves.toEqual({ error: 'Request timed out after 300ms' });

    const seen: unknown[] = [];
    weatherClient.onRequest('agent.request', (request) => {
      seen.push(request);
      const { content } = request as { content: string };
      if (content === 'fail') throw new Error('cannot forecast');
      return { forecast: `sunny for ${content}` };
    });

    const answer = await relays.sendAgentRequest<{ forecast: string }>(
      weather.agentId,
      { content: 'Paris', metadata: { unit: 'C' } },
      'run-req',
      10_000,
      calc.agentId,
    );
    expect(answer).toEqual({ response: { forecast: 'sunny for Paris' }, eventId: expect.any(String) });
    expect(seen).toEqual([{ content: 'Paris', metadata: { unit: 'C' }, ttlMs: 10_000 }]);

    await expect(
      relays.sendAgentRequest(weather.agentId, { content: 'fail' }, 'run-req', 10_000, calc.agentId),
    ).resolves.toEqual({ error: 'cannot forecast' });

    // weather gone: the network cannot deliver the request, which ends at once with the reason.
    await relays.disconnectAgentRelay(weather.agentId);
    await expect(
      relays.sendAgentRequest(weather.agentId, { content: 'gone' }, 'run-req', 300, calc.agentId),
    ).resolves.toEqual({ error: expect.stringMatching(/^(request \w+|event:send refused by network): /) });
    await expect(relays.sendAgentRequest(weather.agentId, { content: 'x' }, 'run-req', 300, 'nobody')).resolves.toEqual(
      { error: 'agent nobody has no relay: call initAgentRelay first' },
    );
  });

  it('carries a turn claim from one agent to another, whose arbiter then yields to it (libraries.md §5.4)', async () => {
    const relays = agentRelays();
    const { calcClient, weatherClient } = await initBoth(relays);
    await calcClient.createContract(weather.agentId, ['assistant.*'], ['intra']);
    const arbiter = createClaimArbiter();
    let seen = 0;
    weatherClient.onEvent('assistant.intent.claim', (event) => {
      const claim = claimOfEventData(event.payload.data);
      if (!claim) return;
      seen += 1;
      arbiter.registerExternalClaim(
        claim.conversationId,
        claim.assistantKey,
        claim.priority,
        claim.claimedAt,
        claim.expiresAt,
      );
    });

    const turns = createTurnEvents({ relay: calcClient });
    const sent = await turns.emitClaim(
      'calc',
      calc.agentId,
      'conv-1',
      { reason: 'arithmetic', confidence: 0.95 },
      'run-turn',
      60_000,
    );
    expect(sent?.trace.status).toBe('delivered');
    await waitFor('the claim at weather', () => seen === 1);
    // The decision rests on priorities, not on timing: calc's 95 beats weather's 40 whenever it arrived.
    await expect(arbiter.waitForClaimWindow('conv-1', 'weather', 40, 0)).resolves.toEqual({
      shouldProceed: false,
      winningAssistant: 'calc',
    });
  });
});
