import { describe, expect, it } from 'vitest';
import { parseBridgeInput, parseContractInput, parseEventRequest } from '../../src/domain/index.js';
import { makeFabric } from './fabric-fixture.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, field: (error as { field?: string }).field };
  }
  throw new Error('accepted');
};

describe('input validation of the domain (docs/spec/network.md §13)', () => {
  const contract = { from: 'a', to: 'b', allowedEventTypes: ['x.*'], boundaries: ['intra'] };

  it.each([
    [{ ...contract, from: '' }, 'from'],
    [{ ...contract, to: 7 }, 'to'],
    [{ ...contract, allowedEventTypes: [] }, 'allowedEventTypes'],
    [{ ...contract, allowedEventTypes: ['ok', 1] }, 'allowedEventTypes'],
    [{ ...contract, boundaries: ['outer'] }, 'boundaries'],
    [{ ...contract, boundaries: [] }, 'boundaries'],
    [{ ...contract, expiresAt: 'tomorrow' }, 'expiresAt'],
    [null, 'body'],
  ])('refuses a malformed contract %#', (input, field) => {
    expect(refusal(() => parseContractInput(input))).toEqual({ code: 'invalid_contract', field });
  });

  it('refuses a contract from an unknown source or from a node the caller does not own', () => {
    const { fabric, owner, addNode } = makeFabric();
    expect(refusal(() => fabric.contracts.create(parseContractInput(contract)))).toEqual({
      code: 'contract_source_not_found',
      field: 'from',
    });
    addNode('a');
    expect(refusal(() => fabric.contracts.create(parseContractInput(contract), owner('agent:x')))).toEqual({
      code: 'node_owned_by_another',
      field: 'from',
    });
    expect(fabric.contracts.create(parseContractInput(contract), owner('service:a')).to).toBe('b');
    expect(refusal(() => fabric.contracts.delete('nope')).code).toBe('contract_not_found');
  });

  it.each([
    [{}, 'body', 'Missing required fields: payload, source, runId'],
    [{ payload: { type: 't' }, source: 's', runId: 'r' }, 'payload', 'payload must have type and data fields'],
    [{ payload: { data: 1 }, source: 's', runId: 'r' }, 'payload', 'payload must have type and data fields'],
    [{ payload: { type: 't', data: 1 }, source: '', runId: 'r' }, 'source', 'source must be a non-empty string'],
    [
      { payload: { type: 't', data: 1 }, source: 's', runId: 'r', boundary: 'outer' },
      'boundary',
      'Invalid boundary. Must be one of: intra, inter, extra',
    ],
    [
      { payload: { type: 't', data: 1 }, source: 's', runId: 'r', target: 5 },
      'target',
      'target must be a non-empty string',
    ],
  ])('refuses a malformed event request %#', (input, field, message) => {
    try {
      parseEventRequest(input);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_event', field, message });
    }
  });

  it('keeps only the known fields of an event request', () => {
    expect(
      parseEventRequest({
        payload: { type: 't', data: null, extra: 1 },
        source: 's',
        runId: 'r',
        path: ['x'],
        boundary: 'inter',
      }),
    ).toEqual({ payload: { type: 't', data: null }, source: 's', runId: 'r', boundary: 'inter' });
  });

  it.each([
    [{ name: '', type: 'webhook', endpoint: 'https://x', eventTypes: [] }, 'name'],
    [{ name: 'b', type: 'smtp', endpoint: 'https://x', eventTypes: [] }, 'type'],
    [{ name: 'b', type: 'webhook', endpoint: '', eventTypes: [] }, 'endpoint'],
    [{ name: 'b', type: 'webhook', endpoint: 'https://x', eventTypes: 'all' }, 'eventTypes'],
    [{ name: 'b', type: 'webhook', endpoint: 'https://x', eventTypes: [], config: 1 }, 'config'],
  ])('refuses a malformed bridge %#', (input, field) => {
    expect(refusal(() => parseBridgeInput(input))).toEqual({ code: 'invalid_bridge', field });
  });
});
