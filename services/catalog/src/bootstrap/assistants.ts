import type { BootstrapDefinition } from './bootstrap-definition.js';

interface Rule {
  name: string;
  description: string;
  priority: number;
  trigger: string;
  conditions: { logic: 'and' | 'or'; conditions: { field: string; operator: string; value: unknown }[] };
  actions: { type: string; params: Record<string, unknown> }[];
}

const rule = (slug: string, r: Rule) => ({
  id: `${slug}-${r.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
  enabled: true,
  ...r,
});
const when = (field: string, operator: string, value: unknown) => ({
  logic: 'and' as const,
  conditions: [{ field, operator, value }],
});
const reply = (template: string) => ({ type: 'message.send', params: { template } });
const defaultLlm = {
  provider: 'huggingface',
  model: 'meta-llama/Llama-3.2-3B-Instruct',
  temperature: 0.3,
  maxTokens: 1024,
};

function assistant(
  slug: string,
  o: {
    name: string;
    alias?: string;
    description: string;
    level: number;
    llm: typeof defaultLlm | null;
    capabilities: string[];
    rules: Rule[];
  },
): BootstrapDefinition {
  return {
    id: `ast-${slug}`,
    key: `assistants/${slug}`,
    name: o.name,
    description: o.description,
    type: 'assistant',
    tags: ['pack:Core', 'category:assistants', `level:${o.level}`],
    metadata: {
      alias: o.alias ?? slug,
      curriculumLevel: o.level,
      llmConfig: o.llm,
      assistantConfig: { principalId: `assistant:${slug}`, principalType: 'assistant', capabilities: o.capabilities },
      ruleSet: {
        id: `${slug}-rules`,
        name: `${o.name} rules`,
        description: `Rules of ${o.name}`,
        version: 1,
        isActive: true,
        rules: o.rules.map((r) => rule(slug, r)),
      },
    },
  };
}

const helpRule = (text: string): Rule => ({
  name: 'Help',
  description: 'Answers /help with what the assistant does',
  priority: 100,
  trigger: 'message.received',
  conditions: when('message.content', 'equals', '/help'),
  actions: [reply(text)],
});

/** The platform's built-in assistants (catalog.md §4 `assistant` metadata conventions). */
export const assistantDefinitions: BootstrapDefinition[] = [
  assistant('coordinator', {
    name: 'Coordinator',
    alias: 'symbia',
    level: 5,
    llm: defaultLlm,
    capabilities: ['messaging.send', 'assistants.handoff', 'catalog.search'],
    description: 'The front door: understands what the user wants and hands the conversation to the right assistant.',
    rules: [
      helpRule('I route your request to the assistant best suited for it. Just tell me what you need.'),
      {
        name: 'Route',
        description: 'Asks the LLM which assistant fits, then hands off',
        priority: 50,
        trigger: 'message.received',
        conditions: when('message.content', 'not_empty', true),
        actions: [
          { type: 'llm.classify', params: { labels: ['echo', 'log-analyst', 'catalog-search', 'onboarding'] } },
          { type: 'handoff', params: { to: '{{classification.label}}' } },
        ],
      },
    ],
  }),
  assistant('echo', {
    name: 'Echo',
    level: 1,
    llm: null,
    capabilities: ['messaging.send'],
    description: 'Repeats every message back; the simplest assistant, useful to test a conversation end to end.',
    rules: [
      helpRule('I repeat whatever you send me.'),
      {
        name: 'Empty message',
        description: 'Explains that there is nothing to echo',
        priority: 90,
        trigger: 'message.received',
        conditions: when('message.content', 'is_empty', true),
        actions: [reply('Send me some text and I will echo it.')],
      },
      {
        name: 'Echo',
        description: 'Replies with the message content',
        priority: 10,
        trigger: 'message.received',
        conditions: when('message.content', 'not_empty', true),
        actions: [reply('{{message.content}}')],
      },
    ],
  }),
  assistant('log-analyst', {
    name: 'Log Analyst',
    level: 3,
    llm: defaultLlm,
    capabilities: ['messaging.send', 'logging.query'],
    description: 'Reads recent logs, metrics and traces from the logging service and explains errors and anomalies.',
    rules: [
      helpRule('Ask me about errors or slow requests, e.g. "what failed in messaging in the last hour?"'),
      {
        name: 'Analyze',
        description: 'Queries logs for the question and summarises them with the LLM',
        priority: 50,
        trigger: 'message.received',
        conditions: when('message.content', 'not_empty', true),
        actions: [
          { type: 'logging.query', params: { window: '1h' } },
          { type: 'llm.respond', params: { system: 'Explain the logs briefly and cite entries.' } },
        ],
      },
    ],
  }),
  assistant('catalog-search', {
    name: 'Catalog Search',
    level: 2,
    llm: null,
    capabilities: ['messaging.send', 'catalog.search'],
    description: 'Finds components, graphs, assistants, contexts and integrations in the catalog.',
    rules: [
      helpRule('Tell me what you are looking for, e.g. "llama models" or "filter component".'),
      {
        name: 'Search',
        description: 'Searches the catalog and lists matches',
        priority: 50,
        trigger: 'message.received',
        conditions: when('message.content', 'not_empty', true),
        actions: [
          { type: 'catalog.search', params: { query: '{{message.content}}', limit: 10 } },
          reply('{{results}}'),
        ],
      },
    ],
  }),
  assistant('onboarding', {
    name: 'Onboarding',
    level: 1,
    llm: defaultLlm,
    capabilities: ['messaging.send'],
    description: 'Welcomes new users and walks them through orgs, assistants and their first workflow.',
    rules: [
      helpRule('I help you get started with Symbia. Say "start" for a tour.'),
      {
        name: 'Welcome',
        description: 'Greets a user who joins a conversation',
        priority: 80,
        trigger: 'conversation.joined',
        conditions: when('participant.type', 'equals', 'user'),
        actions: [reply('Welcome to Symbia! Say "start" for a short tour.')],
      },
      {
        name: 'Tour',
        description: 'Explains the platform step by step',
        priority: 50,
        trigger: 'message.received',
        conditions: when('message.content', 'equals', 'start'),
        actions: [
          {
            type: 'llm.respond',
            params: { system: 'Give a short tour of Symbia: orgs, assistants, catalog, workflows.' },
          },
        ],
      },
    ],
  }),
];
