import { describe, expect, it } from 'vitest';
import {
  createTurnEvents,
  type EventPayload,
  type RelayClient,
  type SendOptions,
  type SendResult,
} from '../../src/index.js';

/**
 * The event shapes of libraries.md §5.4. The sender records what the relay client would put on the socket; a
 * claim crossing a real network is in test/agents/agent-relays.test.ts.
 */
const recordingRelay = (fail = false) => {
  const sent: Array<{ payload: EventPayload; runId: string; options: SendOptions | undefined }> = [];
  const relay: Pick<RelayClient, 'send'> = {
    async send(payload, runId, options) {
      if (fail) throw new Error('relay assistant:calc is not connected to the network');
      sent.push({ payload, runId, options });
      return { eventId: `evt-${sent.length}`, trace: {} } as SendResult;
    },
  };
  return { relay, sent };
};

const justification = { reason: 'arithmetic question', triggerRule: 'math', confidence: 0.874 };

describe('turn-taking events (libraries.md §5.4)', () => {
  it('claims with priority round(confidence × 100) and an expiry after the claim timeout', async () => {
    const { relay, sent } = recordingRelay();
    const events = createTurnEvents({ relay, now: () => 1_000 });
    await expect(events.emitClaim('calc', 'ent-calc', 'conv-1', justification, 'run-1', 750)).resolves.toMatchObject({
      eventId: 'evt-1',
    });
    await events.emitClaim('calc', 'ent-calc', 'conv-1', { reason: 'r', confidence: 1 }, 'run-2');
    expect(sent[0]).toEqual({
      payload: {
        type: 'assistant.intent.claim',
        data: {
          assistantKey: 'calc',
          entityId: 'ent-calc',
          conversationId: 'conv-1',
          justification,
          claim: { claimedAt: 1_000, expiresAt: 1_750, priority: 87 },
        },
      },
      runId: 'run-1',
      options: { boundary: 'intra' },
    });
    expect(sent[1]!.payload.data).toMatchObject({ claim: { expiresAt: 1_500, priority: 100 } });
  });

  it('defers and observes with boundary intra', async () => {
    const { relay, sent } = recordingRelay();
    const events = createTurnEvents({ relay });
    await events.emitDefer('calc', 'ent-calc', 'conv-1', 'weather', 'ent-weather', 'not my topic', 'run-1');
    await events.emitObserve('calc', 'ent-calc', 'conv-1', 'listening', 'run-1');
    expect(sent.map((s) => [s.payload, s.options])).toEqual([
      [
        {
          type: 'assistant.intent.defer',
          data: {
            assistantKey: 'calc',
            entityId: 'ent-calc',
            conversationId: 'conv-1',
            deferTo: 'weather',
            deferToEntityId: 'ent-weather',
            reason: 'not my topic',
          },
        },
        { boundary: 'intra' },
      ],
      [
        {
          type: 'assistant.action.observe',
          data: { assistantKey: 'calc', entityId: 'ent-calc', conversationId: 'conv-1', reason: 'listening' },
        },
        { boundary: 'intra' },
      ],
    ]);
  });

  it('responds to the messaging node by its bare service id (libraries W16)', async () => {
    const { relay, sent } = recordingRelay();
    const events = createTurnEvents({ relay });
    await events.emitRespond('calc', 'ent-calc', 'conv-1', 'msg-1', justification, 'run-1');
    expect(sent[0]).toEqual({
      payload: {
        type: 'assistant.action.respond',
        data: {
          assistantKey: 'calc',
          entityId: 'ent-calc',
          conversationId: 'conv-1',
          messageId: 'msg-1',
          justification,
        },
      },
      runId: 'run-1',
      options: { boundary: 'intra', target: 'messaging' },
    });
  });

  it('resolves null when the event cannot be sent, and rejects a confidence outside 0–1', async () => {
    const events = createTurnEvents({ relay: recordingRelay(true).relay });
    await expect(events.emitObserve('calc', 'e', 'conv-1', 'r', 'run-1')).resolves.toBeNull();
    await expect(events.emitClaim('calc', 'e', 'conv-1', justification, 'run-1')).resolves.toBeNull();
    const ok = createTurnEvents({ relay: recordingRelay().relay });
    await expect(ok.emitClaim('calc', 'e', 'c', { reason: 'r', confidence: 1.5 }, 'run-1')).rejects.toThrow(RangeError);
    await expect(ok.emitRespond('calc', 'e', 'c', 'm', { reason: 'r', confidence: -0.1 }, 'run-1')).rejects.toThrow(
      RangeError,
    );
  });
});
