import { z } from 'zod';
import { nameSchema, tokenPairSchema } from './common.schemas.js';

export const AGENT_ID_PATTERN = /^[a-z0-9:_-]+$/;

export const registerAgentBody = z.object({
  agentId: z.string().min(1).max(128).regex(AGENT_ID_PATTERN),
  // identity.md §7.3: agent credentials are long random secrets, never passwords.
  credential: z.string().min(32).max(1024),
  name: nameSchema,
  orgId: z.string().uuid().nullable().optional(),
  capabilities: z.array(z.string().min(1).max(200)).max(100).default([]),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export const registerAgentResponse = z.object({
  agent: z.object({ id: z.string(), agentId: z.string(), name: z.string(), orgId: z.string().nullable() }),
  ...tokenPairSchema,
});

export const agentLoginBody = z.object({
  agentId: z.string().min(1).max(128),
  credential: z.string().min(1).max(1024),
});
export const agentLoginResponse = z.object({
  agent: z.object({
    id: z.string(),
    agentId: z.string(),
    name: z.string(),
    orgId: z.string().nullable(),
    capabilities: z.array(z.string()),
  }),
  ...tokenPairSchema,
});

export const agentProfile = z.object({
  id: z.string(),
  agentId: z.string(),
  name: z.string(),
  orgId: z.string().nullable(),
  capabilities: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  isActive: z.boolean(),
  lastSeenAt: z.date().nullable(),
  createdAt: z.date(),
});
export const agentMeResponse = z.object({ agent: agentProfile });
export const agentListResponse = z.object({ agents: z.array(agentProfile), count: z.number() });

export const agentRefreshResponse = z.object({
  agent: z.object({ id: z.string(), agentId: z.string(), name: z.string() }),
  ...tokenPairSchema,
});
