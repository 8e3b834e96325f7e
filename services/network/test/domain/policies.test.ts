import { describe, expect, it } from 'vitest';
import { compileSafeRegex, isNetworkDomainError, MAX_REGEX_PATTERN_LENGTH } from '../../src/domain/index.js';
import { makeFabric, makeFabricAToB } from './fabric-fixture.js';

const send = (type: string, source: string, extra: Record<string, unknown> = {}) => ({
  payload: { type, data: { text: 'hello', user: 'u1' } },
  source,
  runId: 'run-1',
  ...extra,
});

const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isNetworkDomainError(error)) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('policies (docs/spec/network.md §3.4)', () => {
  it('starts with the three default policies, highest priority first (§18 scenario 1)', () => {
    const { fabric } = makeFabric();
    expect(fabric.policies.list().map((p) => [p.name, p.priority, p.enabled])).toEqual([
      ['allow-intra', 100, true],
      ['log-inter', 90, true],
      ['log-extra', 90, true],
    ]);
  });

  it('deny drops the event with one drop hop on the source carrying the policy id (§18 scenario 9)', async () => {
    const { fabric, deliveries, finished, addNode } = makeFabric();
    addNode('untrusted-x');
    addNode('b');
    fabric.contracts.create({ from: 'untrusted-x', to: 'b', allowedEventTypes: ['*'], boundaries: ['intra'] });
    const policy = fabric.policies.create({
      name: 'block',
      priority: 150,
      conditions: [{ field: 'source', operator: 'startsWith', value: 'untrusted-' }],
      action: { type: 'deny', reason: 'untrusted' },
    });
    const { trace } = await fabric.route(send('t', 'untrusted-x', { target: 'b' }));
    expect(trace.status).toBe('dropped');
    expect(trace.error).toBe('untrusted');
    expect(trace.path).toEqual([expect.objectContaining({ node: 'untrusted-x', action: 'drop', policyId: policy.id })]);
    expect(deliveries).toHaveLength(0);
    expect(finished).toHaveLength(1);
  });

  it('a deny below allow-intra does not affect intra events (network W7) but does affect inter ones', async () => {
    const { fabric } = makeFabricAToB(['intra', 'inter']);
    fabric.policies.create({ name: 'low', priority: 80, conditions: [], action: { type: 'deny' } });
    expect((await fabric.route(send('t', 'a'))).trace.status).toBe('delivered');
    const { trace } = await fabric.route(send('t', 'a', { boundary: 'inter' }));
    expect(trace).toMatchObject({ status: 'dropped', error: 'Denied by policy' });
  });

  it('honours enabled: false on create and on update', async () => {
    const { fabric } = makeFabricAToB();
    const policy = fabric.policies.create({
      name: 'off',
      priority: 200,
      conditions: [],
      action: { type: 'deny' },
      enabled: false,
    });
    expect(policy.enabled).toBe(false);
    expect((await fabric.route(send('t', 'a'))).trace.status).toBe('delivered');
    fabric.policies.update(policy.id, { enabled: true, id: 'ignored', createdAt: 'ignored' });
    expect(fabric.policies.get(policy.id)).toMatchObject({ enabled: true, createdAt: policy.createdAt });
    expect((await fabric.route(send('t', 'a'))).trace.status).toBe('dropped');
  });

  it('route sends only to the new target, hop forward, and re-signs for it (§18 scenario 10)', async () => {
    const { fabric, signer, deliveries, addNode } = makeFabric();
    addNode('app');
    addNode('listener');
    addNode('auditor');
    fabric.contracts.create({ from: 'app', to: 'listener', allowedEventTypes: ['audit.*'], boundaries: ['intra'] });
    const policy = fabric.policies.create({
      name: 'to-auditor',
      priority: 200,
      conditions: [{ field: 'eventType', operator: 'eq', value: 'audit.sensitive' }],
      action: { type: 'route', to: 'auditor' },
    });
    const { event, trace } = await fabric.route(send('audit.sensitive', 'app'));
    expect(trace.status).toBe('delivered');
    expect(trace.path).toEqual([expect.objectContaining({ node: 'auditor', action: 'forward', policyId: policy.id })]);
    expect(deliveries.map((d) => d.nodeId)).toEqual(['auditor']);
    expect(event.wrapper.target).toBe('auditor');
    expect(signer.matches(event)).toBe(true);
  });

  it('transform renames top-level data keys, hop transform, and re-signs', async () => {
    const { fabric, signer, deliveries } = makeFabricAToB();
    fabric.policies.create({
      name: 'rename',
      priority: 200,
      conditions: [{ field: 'runId', operator: 'eq', value: 'run-1' }],
      action: { type: 'transform', mapping: { user: 'userId' } },
    });
    const { event, trace } = await fabric.route(send('t', 'a'));
    expect(trace.path.map((hop) => hop.action)).toEqual(['transform']);
    expect(event.payload.data).toEqual({ text: 'hello', userId: 'u1' });
    expect(deliveries[0]!.event.payload.data).toEqual({ text: 'hello', userId: 'u1' });
    expect(signer.matches(event)).toBe(true);
  });

  it('transform renames only own mapping keys and cannot reach prototypes', async () => {
    const { fabric, deliveries } = makeFabricAToB();
    fabric.policies.create({
      name: 'rename',
      priority: 200,
      conditions: [],
      action: { type: 'transform', mapping: { user: '__proto__' } },
    });
    await fabric.route({
      payload: { type: 't', data: { constructor: 'kept', user: { polluted: true } } },
      source: 'a',
      runId: 'r',
    });
    const data = deliveries[0]!.event.payload.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['constructor', '__proto__']);
    expect(data.constructor).toBe('kept');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('log reports through the callback without payload data and lets lower policies decide (network W6)', async () => {
    const { fabric, logs } = makeFabricAToB(['inter']);
    fabric.policies.create({ name: 'deny-inter', priority: 10, conditions: [], action: { type: 'deny' } });
    const { trace } = await fabric.route(send('t', 'a', { boundary: 'inter' }));
    expect(trace.status).toBe('dropped');
    expect(logs).toEqual([
      {
        level: 'info',
        message: 'network.policy.log',
        fields: expect.objectContaining({ policyId: 'policy_default_log_inter', eventType: 't', source: 'a' }),
      },
    ]);
    expect(JSON.stringify(logs)).not.toContain('hello');
  });

  it('matches regex conditions against the field', async () => {
    const { fabric } = makeFabricAToB();
    fabric.policies.create({
      name: 're',
      priority: 300,
      conditions: [{ field: 'eventType', operator: 'regex', value: '^secret\\.[a-z]+$' }],
      action: { type: 'deny' },
    });
    expect((await fabric.route(send('secret.file', 'a'))).trace.status).toBe('dropped');
    expect((await fabric.route(send('public.file', 'a'))).trace.status).toBe('delivered');
  });

  describe('validation (§13.3, network W12)', () => {
    const base = { name: 'p', priority: 1, action: { type: 'allow' } };
    const regexPolicy = (value: string) => ({
      ...base,
      conditions: [{ field: 'source', operator: 'regex', value }],
    });

    it.each([
      ['(a+)+$', 'nested quantifiers'],
      ['(a|aa)*b', 'quantified alternation'],
      ['(x*)*', 'nested stars'],
      ['(?:\\d+){2,}', 'quantified group with a quantifier inside'],
      ['a*a*a*b', 'three adjacent unbounded quantifiers'],
      ['(a)\\1', 'a backreference'],
    ])('refuses the catastrophic pattern %s (%s)', (pattern) => {
      const { fabric } = makeFabric();
      expect(refusalOf(() => fabric.policies.create(regexPolicy(pattern)))).toEqual({
        code: 'invalid_policy',
        field: 'conditions[0].value',
      });
    });

    it('refuses a pattern longer than 256 characters and one that does not compile', () => {
      const { fabric } = makeFabric();
      expect(refusalOf(() => fabric.policies.create(regexPolicy('a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1))))).toEqual({
        code: 'invalid_policy',
        field: 'conditions[0].value',
      });
      expect(refusalOf(() => fabric.policies.create(regexPolicy('([a-z')))).toEqual({
        code: 'invalid_policy',
        field: 'conditions[0].value',
      });
    });

    it.each(['^assistant:[a-z-]+$', '^obs\\.(http|db)\\.', 'a.*b.*c', '^x{1,5}$', '[(+*]+'])(
      'accepts the safe pattern %s',
      (pattern) => {
        expect(compileSafeRegex(pattern).ok).toBe(true);
      },
    );

    it.each([
      [{ ...base, conditions: [{ field: 'payload', operator: 'eq', value: 'x' }] }, 'conditions[0].field'],
      [{ ...base, conditions: [{ field: 'source', operator: 'like', value: 'x' }] }, 'conditions[0].operator'],
      [{ ...base, conditions: [{ field: 'source', operator: 'eq', value: 1 }] }, 'conditions[0].value'],
      [{ ...base, conditions: 'all' }, 'conditions'],
      [{ ...base, conditions: [], action: { type: 'explode' } }, 'action.type'],
      [{ ...base, conditions: [], action: { type: 'route', to: '' } }, 'action.to'],
      [{ ...base, conditions: [], action: { type: 'transform', mapping: { a: 1 } } }, 'action.mapping'],
      [{ ...base, conditions: [], action: { type: 'log', level: 'loud' } }, 'action.level'],
      [{ ...base, priority: 'high', conditions: [] }, 'priority'],
      [{ ...base, conditions: [], enabled: 'yes' }, 'enabled'],
    ])('refuses malformed input %#', (input, field) => {
      const { fabric } = makeFabric();
      expect(refusalOf(() => fabric.policies.create(input))).toEqual({ code: 'invalid_policy', field });
    });

    it('validates a PATCH like a create and refuses an unknown policy', () => {
      const { fabric } = makeFabric();
      const policy = fabric.policies.create({ ...base, conditions: [] });
      expect(refusalOf(() => fabric.policies.update(policy.id, { action: { type: 'route' } })).code).toBe(
        'invalid_policy',
      );
      expect(refusalOf(() => fabric.policies.update('policy_nope', {})).code).toBe('policy_not_found');
      expect(refusalOf(() => fabric.policies.delete('policy_nope')).code).toBe('policy_not_found');
    });
  });
});
