import {
  conditionFields,
  conditionOperators,
  logLevels,
  policyActionTypes,
  type ConditionField,
  type ConditionOperator,
  type LogLevel,
  type PolicyAction,
  type PolicyCondition,
} from '@symbia/relay';
import { NetworkDomainError } from './errors.js';
import { compileSafeRegex } from './safe-regex.js';

/** What `POST /api/policies` may carry once parsed (docs/spec/network.md §3.4, §13.3). */
export interface PolicyInput {
  name: string;
  priority: number;
  conditions: PolicyCondition[];
  action: PolicyAction;
  enabled?: boolean;
}

const refuse = (message: string, field: string) => new NetworkDomainError('invalid_policy', message, field);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** Validates one condition (§13.3 [req]): field/operator enums, string value, a regex that is safe to run. */
export function parseCondition(input: unknown, index: number): PolicyCondition {
  const at = `conditions[${index}]`;
  if (!isRecord(input)) throw refuse(`${at} must be an object`, at);
  if (!includes<ConditionField>(conditionFields, input.field))
    throw refuse(`${at}.field must be one of: ${conditionFields.join(', ')}`, `${at}.field`);
  if (!includes<ConditionOperator>(conditionOperators, input.operator))
    throw refuse(`${at}.operator must be one of: ${conditionOperators.join(', ')}`, `${at}.operator`);
  if (typeof input.value !== 'string') throw refuse(`${at}.value must be a string`, `${at}.value`);
  if (input.operator === 'regex') {
    const check = compileSafeRegex(input.value);
    if (!check.ok) throw refuse(`${at}.value: ${check.reason}`, `${at}.value`);
  }
  return { field: input.field, operator: input.operator, value: input.value };
}

/** Validates an action shape (§13.3 [req]): `route.to` non-empty, `transform.mapping` a string map, `log.level`. */
export function parseAction(input: unknown): PolicyAction {
  if (!isRecord(input) || !includes(policyActionTypes, input.type))
    throw refuse(`Invalid action type. Must be one of: ${policyActionTypes.join(', ')}`, 'action.type');
  switch (input.type) {
    case 'allow':
      return { type: 'allow' };
    case 'deny':
      if (input.reason !== undefined && typeof input.reason !== 'string')
        throw refuse('action.reason must be a string', 'action.reason');
      return input.reason === undefined ? { type: 'deny' } : { type: 'deny', reason: input.reason };
    case 'route':
      if (typeof input.to !== 'string' || input.to.trim() === '')
        throw refuse('action.to must be a non-empty node id', 'action.to');
      return { type: 'route', to: input.to };
    case 'transform': {
      const mapping = input.mapping;
      if (!isRecord(mapping) || !Object.values(mapping).every((to) => typeof to === 'string' && to !== ''))
        throw refuse('action.mapping must map keys to non-empty strings', 'action.mapping');
      return { type: 'transform', mapping: { ...(mapping as Record<string, string>) } };
    }
    case 'log':
      if (!includes<LogLevel>(logLevels, input.level))
        throw refuse(`action.level must be one of: ${logLevels.join(', ')}`, 'action.level');
      return { type: 'log', level: input.level };
  }
}

export function parsePolicyInput(input: unknown): PolicyInput {
  if (!isRecord(input)) throw refuse('policy must be an object', 'body');
  const { name, priority, conditions, action, enabled } = input;
  if (typeof name !== 'string' || name.trim() === '') throw refuse('name must be a non-empty string', 'name');
  if (typeof priority !== 'number' || !Number.isFinite(priority)) throw refuse('priority must be a number', 'priority');
  if (!Array.isArray(conditions)) throw refuse('conditions must be an array', 'conditions');
  if (enabled !== undefined && typeof enabled !== 'boolean') throw refuse('enabled must be a boolean', 'enabled');
  return {
    name,
    priority,
    conditions: conditions.map(parseCondition),
    action: parseAction(action),
    ...(enabled === undefined ? {} : { enabled }),
  };
}
