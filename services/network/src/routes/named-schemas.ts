import { createSchemaRegistry } from '@symbia/kit';
import { platformHealthSchema, serviceHealthSchema } from './platform.schemas.js';
import {
  bridgeSchema,
  contractSchema,
  nodeSchema,
  policySchema,
  sandboxEventSchema,
  traceHopSchema,
  traceSchema,
} from './wire.schemas.js';

/** Network's named schemas: one `components.schemas` entry each, so generated clients get one type per name. */
export const networkSchemas = createSchemaRegistry();
networkSchemas.add(nodeSchema, { id: 'NetworkNode' });
networkSchemas.add(contractSchema, { id: 'Contract' });
networkSchemas.add(bridgeSchema, { id: 'Bridge' });
networkSchemas.add(policySchema, { id: 'Policy' });
networkSchemas.add(sandboxEventSchema, { id: 'SandboxEvent' });
networkSchemas.add(traceHopSchema, { id: 'TraceHop' });
networkSchemas.add(traceSchema, { id: 'EventTrace' });
networkSchemas.add(serviceHealthSchema, { id: 'ServiceHealth' });
networkSchemas.add(platformHealthSchema, { id: 'PlatformHealth' });
