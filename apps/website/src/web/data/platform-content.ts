/** Static copy of the page: the services (ports as DESIGN §1) and the solutions section. */
export interface ServiceInfo {
  readonly id: string;
  readonly name: string;
  readonly port: number;
  readonly tier: number;
  readonly description: string;
}

export const serviceCatalog: readonly ServiceInfo[] = [
  {
    id: 'identity',
    name: 'Identity',
    port: 5001,
    tier: 1,
    description: 'Users, agents and service principals; EdDSA JWTs, API keys, entitlements, credential vault.',
  },
  {
    id: 'network',
    name: 'Network',
    port: 5054,
    tier: 1,
    description: 'Node registry, contracts and signed event routing between services and agents.',
  },
  {
    id: 'logging',
    name: 'Logging',
    port: 5002,
    tier: 1,
    description: 'Logs, metrics and traces with live tail and AI-assisted analysis.',
  },
  {
    id: 'catalog',
    name: 'Catalog',
    port: 5003,
    tier: 2,
    description: 'Versioned registry of components, graphs, assistants and integrations.',
  },
  {
    id: 'integrations',
    name: 'Integrations',
    port: 5007,
    tier: 2,
    description: 'LLM gateway (HuggingFace, OpenAI, Anthropic), OAuth and OpenAPI/MCP import.',
  },
  {
    id: 'messaging',
    name: 'Messaging',
    port: 5005,
    tier: 2,
    description: 'Conversations between humans and agents, stream control, live delivery, website chat.',
  },
  { id: 'runtime', name: 'Runtime', port: 5006, tier: 3, description: 'Dataflow execution of component graphs.' },
  {
    id: 'assistants',
    name: 'Assistants',
    port: 5004,
    tier: 3,
    description: 'Assistant definitions, rule engine, prompt graphs, turn-taking and handoff.',
  },
  {
    id: 'models',
    name: 'Models',
    port: 5008,
    tier: 3,
    description: 'Local GGUF inference behind an OpenAI-compatible API.',
  },
];

export interface Solution {
  readonly id: string;
  readonly icon: string;
  readonly title: string;
  readonly problem: string;
  readonly solution: string;
}

export const solutions: readonly Solution[] = [
  {
    id: 'dual-principal',
    icon: '🪪',
    title: 'Assistants are principals',
    problem: 'Bots act through shared keys nobody can audit.',
    solution: 'Every assistant has its own identity, permissions and audit trail, like a person.',
  },
  {
    id: 'stream-control',
    icon: '⏯️',
    title: 'Stream control',
    problem: 'A running answer cannot be paused, redirected or handed off.',
    solution: 'Pause, resume, preempt, route and hand off streams with typed control events.',
  },
  {
    id: 'graphs',
    icon: '🕸️',
    title: 'Workflow graphs',
    problem: 'Agent logic hides in prompt strings.',
    solution: 'Versioned component graphs in the catalog, executed by the runtime.',
  },
  {
    id: 'self-doc',
    icon: '📖',
    title: 'Self-documenting',
    problem: 'Docs drift from the API.',
    solution: 'Every service publishes OpenAPI and llms.txt generated from its route schemas.',
  },
  {
    id: 'multi-tenant',
    icon: '🏢',
    title: 'Multi-tenant by construction',
    problem: "One org can read another org's data.",
    solution: 'Every query is scoped by organisation in the data layer; other orgs answer 404.',
  },
  {
    id: 'integrations',
    icon: '🔌',
    title: 'One gateway for every model',
    problem: 'Each provider speaks its own dialect.',
    solution: 'Integrations normalises providers into one streaming API with credentials in a vault.',
  },
];
