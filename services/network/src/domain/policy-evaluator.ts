import type { Boundary, Policy, PolicyAction, PolicyCondition } from '@symbia/relay';
import { compileSafeRegex, MAX_REGEX_INPUT_LENGTH } from './safe-regex.js';
import type { FabricLogger } from './types.js';

/** The fields a condition can read (docs/spec/network.md §3.4); `target` is '' when the event has none. */
export interface PolicyContext {
  source: string;
  target: string;
  eventType: string;
  boundary: Boundary;
  runId: string;
}

export interface PolicyDecision {
  policyId?: string;
  action: PolicyAction;
}

type Matcher = (ctx: PolicyContext) => boolean;

/** A policy with its conditions turned into closures once, so evaluation compiles nothing (network W12). */
export interface CompiledPolicy {
  readonly policy: Policy;
  readonly matches: Matcher;
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const matchers = policy.conditions.map(compileCondition);
  return { policy, matches: (ctx) => matchers.every((matcher) => matcher(ctx)) };
}

function compileCondition(condition: PolicyCondition): Matcher {
  const { field, value } = condition;
  switch (condition.operator) {
    case 'eq':
      return (ctx) => ctx[field] === value;
    case 'neq':
      return (ctx) => ctx[field] !== value;
    case 'contains':
      return (ctx) => ctx[field].includes(value);
    case 'startsWith':
      return (ctx) => ctx[field].startsWith(value);
    case 'regex': {
      // An invalid or unsafe pattern never matches (§3.4); validation refuses both before they get here.
      const check = compileSafeRegex(value);
      if (!check.ok) return () => false;
      const regex = check.regex;
      return (ctx) => regex.test(ctx[field].slice(0, MAX_REGEX_INPUT_LENGTH));
    }
  }
}

/** Highest priority first; equal priorities keep creation order (Array.prototype.sort is stable). */
export const orderPolicies = (policies: Iterable<CompiledPolicy>): CompiledPolicy[] =>
  [...policies].sort((a, b) => b.policy.priority - a.policy.priority);

const ALLOW: PolicyDecision = { action: { type: 'allow' } };

/**
 * Evaluates enabled policies in order (§3.4 [req]): the first matching allow/deny/route/transform decides; `log`
 * reports and continues (network W6). No decision → allow without a policy id. `log` is `undefined` in
 * simulations, which must have no side effects.
 */
export function evaluatePolicies(
  ordered: readonly CompiledPolicy[],
  ctx: PolicyContext,
  log: FabricLogger | undefined,
): PolicyDecision {
  for (const { policy, matches } of ordered) {
    if (!policy.enabled || !matches(ctx)) continue;
    const action = policy.action;
    if (action.type === 'log') {
      log?.(action.level, 'network.policy.log', {
        policyId: policy.id,
        policyName: policy.name,
        eventType: ctx.eventType,
        source: ctx.source,
        target: ctx.target,
        boundary: ctx.boundary,
        runId: ctx.runId,
      });
      continue;
    }
    return { policyId: policy.id, action };
  }
  return ALLOW;
}
