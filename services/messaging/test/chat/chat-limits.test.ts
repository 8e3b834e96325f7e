import { describe, expect, it } from 'vitest';
import { buildAssistantPrompt } from '../../src/chat/assistant-prompt.js';
import { clientAddress, createChatAdmission } from '../../src/chat/chat-limits.js';

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
  it('counts per client and globally within a window', () => {
    let now = 0;
    const admission = createChatAdmission({ enabled: true, perClientPerMinute: 2, globalPerMinute: 3, clock: () => now });
    admission.admit('a');
    admission.admit('a');
    expect(() => admission.admit('a')).toThrow('Too many chat messages');
    admission.admit('b');
    expect(() => admission.admit('c')).toThrow('The chat is busy');
    now = 60_000;
    expect(() => admission.admit('a')).not.toThrow();
  });
});

describe('buildAssistantPrompt', () => {
  const catalog = [
    { key: 'assistants/coordinator', name: 'Coordinator', alias: 'symbia', description: 'Routes requests.', llmConfig: { provider: 'huggingface' } },
    { key: 'assistants/echo', name: 'Echo', alias: 'echo', description: 'Repeats messages.', llmConfig: null },
  ];
  it('uses the catalog description found by key, prefixed key or alias, and labels rule-based assistants (W1)', () => {
    expect(buildAssistantPrompt('coordinator', catalog)).toMatchObject({ source: 'catalog', fallback: false, systemPrompt: expect.stringContaining('Routes requests.') });
    expect(buildAssistantPrompt('symbia', catalog).source).toBe('catalog');
    expect(buildAssistantPrompt('echo', catalog)).toMatchObject({ source: 'catalog', fallback: true });
    expect(buildAssistantPrompt('unknown', catalog)).toMatchObject({ source: 'default', fallback: true, systemPrompt: 'You are unknown, a helpful assistant on the Symbia platform.' });
    expect(buildAssistantPrompt('coordinator', null).source).toBe('default');
  });
});
