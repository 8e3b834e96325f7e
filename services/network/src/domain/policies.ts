import { randomBytes } from 'node:crypto';
import type { Policy } from '@symbia/relay';
import { isoAt, isRecord, type FabricContext } from './context.js';
import { NetworkDomainError } from './errors.js';
import { evaluatePolicies, type PolicyContext, type PolicyDecision } from './policy-evaluator.js';
import { parsePolicyInput } from './policy-validation.js';

/**
 * The default policies (§3.4). Their ids are fixed so that every replica creating them at start agrees; a
 * replica that joins a cluster replaces them with the snapshot it receives. Because `allow-intra` sits at 100, a
 * deny policy affects `intra` events only above priority 100 (network W7; stated in the service README).
 */
export function defaultPolicies(createdAt: string): Policy[] {
  return [
    {
      id: 'policy_default_allow_intra',
      name: 'allow-intra',
      priority: 100,
      conditions: [{ field: 'boundary', operator: 'eq', value: 'intra' }],
      action: { type: 'allow' },
      enabled: true,
      createdAt,
    },
    {
      id: 'policy_default_log_inter',
      name: 'log-inter',
      priority: 90,
      conditions: [{ field: 'boundary', operator: 'eq', value: 'inter' }],
      action: { type: 'log', level: 'info' },
      enabled: true,
      createdAt,
    },
    {
      id: 'policy_default_log_extra',
      name: 'log-extra',
      priority: 90,
      conditions: [{ field: 'boundary', operator: 'eq', value: 'extra' }],
      action: { type: 'log', level: 'warn' },
      enabled: true,
      createdAt,
    },
  ];
}

/** Policies (§3.4, §13.3). Input is validated here too, so every path that stores a policy is covered. */
export function createPolicies(ctx: FabricContext) {
  const { state } = ctx;
  const recordOf = (policyId: string) => {
    const record = state.policies.get(policyId);
    if (!record) throw new NetworkDomainError('policy_not_found', 'Policy not found');
    return record;
  };
  return {
    create(input: unknown): Policy {
      const parsed = parsePolicyInput(input);
      const now = ctx.clock.now();
      const policy: Policy = {
        id: `policy_${now}_${randomBytes(6).toString('hex')}`,
        name: parsed.name,
        priority: parsed.priority,
        conditions: parsed.conditions,
        action: parsed.action,
        enabled: parsed.enabled ?? true, // §3.4 [req]: honour `enabled` on create
        createdAt: isoAt(now),
      };
      ctx.commit({ kind: 'policy.put', policy });
      return structuredClone(policy);
    },

    /** PATCH semantics (§13.3): `id` and `createdAt` are ignored, the merged result is validated like a create. */
    update(policyId: string, patch: unknown): Policy {
      const current = recordOf(policyId).policy;
      if (!isRecord(patch)) throw new NetworkDomainError('invalid_policy', 'policy patch must be an object', 'body');
      const { id: _id, createdAt: _createdAt, ...changes } = patch;
      const parsed = parsePolicyInput({ ...structuredClone(current), ...changes });
      const policy: Policy = {
        ...current,
        ...parsed,
        enabled: parsed.enabled ?? current.enabled,
      };
      ctx.commit({ kind: 'policy.put', policy });
      return structuredClone(policy);
    },

    delete(policyId: string): void {
      recordOf(policyId);
      ctx.commit({ kind: 'policy.delete', policyId });
    },

    get: (policyId: string): Policy | undefined => {
      const record = state.policies.get(policyId);
      return record ? structuredClone(record.policy) : undefined;
    },

    /** Highest priority first (evaluation order). */
    list: (): Policy[] => state.orderedPolicies().map((compiled) => structuredClone(compiled.policy)),

    /** A dry evaluation (`POST /api/policies/test`): no log side effects. */
    evaluate: (context: PolicyContext): PolicyDecision => evaluatePolicies(state.orderedPolicies(), context, undefined),
  };
}

export type PolicyStore = ReturnType<typeof createPolicies>;
