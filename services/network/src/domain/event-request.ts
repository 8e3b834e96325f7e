import { randomUUID } from 'node:crypto';
import { boundaries, type Boundary, type EventRequest, type SandboxEvent } from '@symbia/relay';
import { isNonEmptyString, isoAt, isRecord } from './context.js';
import { NetworkDomainError } from './errors.js';

const refuse = (message: string, field: string) => new NetworkDomainError('invalid_event', message, field);
const optionalString = (input: Record<string, unknown>, field: string): string | undefined => {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!isNonEmptyString(value)) throw refuse(`${field} must be a non-empty string`, field);
  return value;
};

/** §13.2 ingress validation: the messages of the legacy API, with the field that was wrong. */
export function parseEventRequest(input: unknown): EventRequest {
  if (!isRecord(input) || input.payload === undefined || input.source === undefined || input.runId === undefined)
    throw refuse('Missing required fields: payload, source, runId', 'body');
  const { payload, source, runId, boundary } = input;
  if (!isRecord(payload) || !isNonEmptyString(payload.type) || payload.data === undefined)
    throw refuse('payload must have type and data fields', 'payload');
  if (!isNonEmptyString(source)) throw refuse('source must be a non-empty string', 'source');
  if (!isNonEmptyString(runId)) throw refuse('runId must be a non-empty string', 'runId');
  if (boundary !== undefined && !(boundaries as readonly unknown[]).includes(boundary))
    throw refuse(`Invalid boundary. Must be one of: ${boundaries.join(', ')}`, 'boundary');
  const request: EventRequest = { payload: { type: payload.type, data: payload.data }, source, runId };
  for (const field of ['target', 'causedBy', 'sourceEntityId', 'targetEntityId'] as const) {
    const value = optionalString(input, field);
    if (value !== undefined) request[field] = value;
  }
  if (boundary !== undefined) request.boundary = boundary as Boundary;
  return request;
}

/** §7 step 1: the wrapper the network assigns (uuid v4 id, ISO timestamp, path `[source]`), hash still empty. */
export function createEnvelope(request: EventRequest, nowMs: number): SandboxEvent {
  const wrapper: SandboxEvent['wrapper'] = {
    id: randomUUID(),
    runId: request.runId,
    timestamp: isoAt(nowMs),
    source: request.source,
    path: [request.source],
    boundary: request.boundary ?? 'intra',
  };
  if (request.target !== undefined) wrapper.target = request.target;
  if (request.causedBy !== undefined) wrapper.causedBy = request.causedBy;
  if (request.sourceEntityId !== undefined) wrapper.sourceEntityId = request.sourceEntityId;
  if (request.targetEntityId !== undefined) wrapper.targetEntityId = request.targetEntityId;
  return { payload: { type: request.payload.type, data: request.payload.data }, wrapper, hash: '' };
}
