import type { BootstrapDefinition } from './bootstrap-definition.js';

interface Port {
  name: string;
  type: string;
  description: string;
}

const port = (name: string, type: string, description: string): Port => ({ name, type, description });

function component(
  slug: string,
  name: string,
  description: string,
  ports: { inputs: Port[]; outputs: Port[] },
  configSchema: Record<string, unknown>,
): BootstrapDefinition {
  return {
    id: `cmp-${slug}`,
    key: `components/core/${slug}`,
    name,
    description,
    type: 'component',
    tags: ['pack:Core', 'category:dataflow', 'builtin'],
    metadata: {
      componentKey: `core/${slug}`,
      componentVersion: '1.0.0',
      runtime: 'builtin',
      ports,
      configSchema: { type: 'object', additionalProperties: false, ...configSchema },
    },
  };
}

const valueIn = port('in', 'any', 'Incoming value');
const valueOut = port('out', 'any', 'Outgoing value');

/** The runtime's built-in components (runtime §5): typed ports and a JSON Schema for their config. */
export const componentDefinitions: BootstrapDefinition[] = [
  component(
    'passthrough',
    'Passthrough',
    'Emits every input unchanged.',
    { inputs: [valueIn], outputs: [valueOut] },
    { properties: {} },
  ),
  component(
    'filter',
    'Filter',
    'Emits inputs for which the condition (safe expression) is true; others go to `rejected`.',
    { inputs: [valueIn], outputs: [valueOut, port('rejected', 'any', 'Values that failed the condition')] },
    {
      properties: { condition: { type: 'string', minLength: 1, description: 'Safe expression over `value`' } },
      required: ['condition'],
    },
  ),
  component(
    'map',
    'Map',
    'Transforms each input with a safe expression.',
    { inputs: [valueIn], outputs: [valueOut] },
    {
      properties: { expression: { type: 'string', minLength: 1, description: 'Safe expression over `value`' } },
      required: ['expression'],
    },
  ),
  component(
    'merge',
    'Merge',
    'Combines values arriving on several inputs into one stream, or into one object when `mode` is `object`.',
    { inputs: [port('a', 'any', 'First input'), port('b', 'any', 'Second input')], outputs: [valueOut] },
    { properties: { mode: { type: 'string', enum: ['stream', 'object'], default: 'stream' } } },
  ),
  component(
    'split',
    'Split',
    'Emits each element of an array input separately.',
    {
      inputs: [port('in', 'array', 'Array to split')],
      outputs: [port('item', 'any', 'One element'), port('done', 'number', 'Element count, after the last')],
    },
    { properties: { maxItems: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 } } },
  ),
  component(
    'accumulator',
    'Accumulator',
    'Collects inputs and emits them as an array when `size` is reached or on `flush`.',
    {
      inputs: [valueIn, port('flush', 'any', 'Emit what has been collected')],
      outputs: [port('out', 'array', 'Collected values')],
    },
    { properties: { size: { type: 'integer', minimum: 1, maximum: 10000, default: 10 } } },
  ),
  component(
    'delay',
    'Delay',
    'Emits each input after a fixed delay.',
    { inputs: [valueIn], outputs: [valueOut] },
    { properties: { ms: { type: 'integer', minimum: 0, maximum: 60000, default: 1000 } }, required: ['ms'] },
  ),
];
