import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { buildAssistantPrompt } from '../../src/chat/assistant-prompt.js';
import { CHAT_WINDOW_MS, clientAddress, createChatAdmission } from '../../src/chat/chat-limits.js';
import { createRedisWindowCounter } from '../../src/chat/window-counter.js';

describe('clientAddress', () => {
  it('uses the socket peer unless the peer is a trusted proxy (no header grants trust by itself)', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', [])).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', '1.2.3.4', ['127.0.0.1'])).toBe('1.2.3.4');
    // The client can prepend anything; only the hop the trusted proxy saw counts.
    expect(clientAddress('127.0.0.1', 'spoofed, 198.51.100.7', ['127.0.0.1'])).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', '10.0.0.2, 127.0.0.1', ['127.0.0.1', '10.0.0.2'])).toBe('127.0.0.1');
  });
});

describe('chat admission', () => {
  it('counts per client and globally within a window', async () => {
    let now = 0;
    const admission = createChatAdmission({
      enabled: true,
      perClientPerMinute: 2,
      globalPerMinute: 3,
      clock: () => now,
    });
    await admission.admit('a');
    await admission.admit('a');
    await expect(admission.admit('a')).rejects.toThrow('Too many chat messages');
    await admission.admit('b');
    await expect(admission.admit('c')).rejects.toThrow('The chat is busy');
    now = 60_000;
    await expect(admission.admit('a')).resolves.toBeUndefined();
  });

  it('with Redis, two replicas share one budget per client and for the deployment', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keyPrefix = `symbia:test:${randomBytes(6).toString('hex')}:chat`;
      const now = 1_000;
      const replica = () =>
        createChatAdmission({
          enabled: true,
          perClientPerMinute: 2,
          globalPerMinute: 3,
          counter: createRedisWindowCounter(redis, { keyPrefix, windowMs: CHAT_WINDOW_MS, clock: () => now }),
        });
      const [a, b] = [replica(), replica()];
      await a.admit('ip:198.51.100.7');
      await b.admit('ip:198.51.100.7');
      await expect(a.admit('ip:198.51.100.7')).rejects.toMatchObject({ status: 429 });
      await b.admit('ip:203.0.113.9');
      await expect(a.admit('ip:192.0.2.1')).rejects.toThrow('The chat is busy');
    } finally {
      await redis.quit();
    }
  });

  it('answers 503 rather than admitting anyone when the shared counter is unreachable', async () => {
    const failing = { hit: async () => Promise.reject(new Error('connection refused')) };
    const admission = createChatAdmission({
      enabled: true,
      perClientPerMinute: 2,
      globalPerMinute: 3,
      counter: failing,
    });
    await expect(admission.admit('a')).rejects.toMatchObject({ status: 503, code: 'chat_limiter_unavailable' });
  });
});

describe('buildAssistantPrompt', () => {
  const catalog = [
    {
      key: 'assistants/coordinator',
      name: 'Coordinator',
      alias: 'symbia',
      description: 'Routes requests.',
      llmConfig: { provider: 'huggingface' },
    },
    { key: 'assistants/echo', name: 'Echo', alias: 'echo', description: 'Repeats messages.', llmConfig: null },
  ];
  it('uses the catalog description found by key, prefixed key or alias, and labels rule-based assistants (W1)', () => {
    expect(buildAssistantPrompt('coordinator', catalog)).toMatchObject({
      source: 'catalog',
      fallback: false,
      systemPrompt: expect.stringContaining('Routes requests.'),
    });
    expect(buildAssistantPrompt('symbia', catalog).source).toBe('catalog');
    expect(buildAssistantPrompt('echo', catalog)).toMatchObject({ source: 'catalog', fallback: true });
    expect(buildAssistantPrompt('unknown', catalog)).toMatchObject({
      source: 'default',
      fallback: true,
      systemPrompt: 'You are unknown, a helpful assistant on the Symbia platform.',
    });
    expect(buildAssistantPrompt('coordinator', null).source).toBe('default');
  });
});
