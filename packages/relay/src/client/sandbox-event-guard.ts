import { boundaries, type SandboxEvent } from '../wire-types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isOptionalText = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * Whether a value has the envelope shape of network.md §3.5. The relay only dispatches such values, so a handler
 * may read `payload.type`, `wrapper.id`, `wrapper.source` without checking them again (the MAC is checked
 * separately, by receivers holding the secret: receiver/).
 */
export function isSandboxEvent(value: unknown): value is SandboxEvent {
  if (!isObject(value) || !isObject(value.payload) || !isObject(value.wrapper)) return false;
  const { payload, wrapper } = value;
  return (
    isText(payload.type) &&
    'data' in payload &&
    isText(wrapper.id) &&
    isText(wrapper.runId) &&
    isText(wrapper.timestamp) &&
    isText(wrapper.source) &&
    isOptionalText(wrapper.target) &&
    isOptionalText(wrapper.causedBy) &&
    Array.isArray(wrapper.path) &&
    (boundaries as readonly unknown[]).includes(wrapper.boundary) &&
    typeof value.hash === 'string'
  );
}
