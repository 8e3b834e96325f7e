import { AuthErrorCodes, canonicalCapabilities, type Granter, type Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { badRequest, forbidden, notFound, unauthorized } from '@symbia/kit/errors';
import { assertGrantable, createGrantPolicy, REGISTRY_ONLY } from '../admin/grant-policy.js';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { PasswordHasher } from '../crypto/password-hasher.js';
import { IdentityErrorCodes } from '../errors.js';
import type { OrgStore } from '../orgs/org.store.js';
import { CAP_AGENTS_REGISTER, serviceCapabilities } from '../service-principals/service-token.service.js';
import type { SessionService, SessionTokens } from '../sessions/session.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { GrantStore } from '../users/grant.store.js';
import type { UserStore } from '../users/user.store.js';
import type { EntityStore } from '../entities/entity.store.js';
import type { AgentRow, AgentStore } from './agent.store.js';

export interface RegisterAgentInput {
  agentId: string;
  credential: string;
  name: string;
  orgId?: string | null;
  capabilities: string[];
  metadata: Record<string, unknown>;
}

export interface AgentService {
  /**
   * W2: service principals with cap:identity.agents.register, super admins, or admins of `orgId`; never the agent
   * itself. The capabilities pass the registry's grant rules (DESIGN §6) with the registrar as granter.
   */
  register(
    caller: Principal,
    input: RegisterAgentInput,
    actor: AuditActor,
  ): Promise<{ agent: AgentRow; tokens: SessionTokens }>;
  login(agentId: string, credential: string, actor: AuditActor): Promise<{ agent: AgentRow; tokens: SessionTokens }>;
  get(id: string): Promise<AgentRow>;
  /**
   * Agents the caller may see: super admins every agent (or one org's with `orgId`); anyone else the agents of
   * their orgs, and only of `orgId` when given (a non-member gets 404 like the org itself).
   */
  list(
    callerId: string,
    query: { orgId?: string; limit: number; offset: number },
  ): Promise<{ agents: AgentRow[]; count: number }>;
  /** One agent, for super admins and members of its org; 404 for anyone else. */
  view(callerId: string, id: string): Promise<AgentRow>;
  /** Super admins, or admins of the agent's org; anyone else gets 404. Revokes every session of the agent. */
  setActive(callerId: string, id: string, isActive: boolean, actor: AuditActor): Promise<AgentRow>;
  delete(callerId: string, id: string, actor: AuditActor): Promise<void>;
}

export interface AgentServiceDeps {
  agents: AgentStore;
  users: UserStore;
  orgs: OrgStore;
  /** The registering user's own grants, read at registration (the granter, DESIGN §6). */
  grants: Pick<GrantStore, 'listActive'>;
  /** The agent's directory entity follows its lifecycle (status on (de)activation, removal on deletion). */
  entities: Pick<EntityStore, 'deleteBySource' | 'setStatusBySource'>;
  hasher: PasswordHasher;
  sessions: SessionService;
  throttle: LoginThrottle;
  audit: AuditLog;
}

const invalidLogin = () => unauthorized('Invalid agent ID or credential', IdentityErrorCodes.invalidAgentCredentials);
// Throttle keys for agents never collide with user emails (which cannot contain this prefix).
const throttleAccount = (agentId: string) => `agent:${agentId}`;

export function createAgentService(deps: AgentServiceDeps): AgentService {
  const { agents, users, orgs, entities, hasher, sessions, throttle, audit } = deps;

  const grantPolicy = createGrantPolicy({ users, orgs, grants: deps.grants });

  /** Who registers, as the granter of the agent's capabilities; 403 for anyone who may not register it at all. */
  const registrar = async (caller: Principal, input: RegisterAgentInput): Promise<Granter> => {
    if (caller.type === 'service') {
      // The service's rights as identity mints them (serviceCapabilities), not as a token says.
      const held = caller.serviceId === undefined ? undefined : serviceCapabilities[caller.serviceId];
      if (!held?.includes(CAP_AGENTS_REGISTER))
        throw forbidden('This service may not register agents', AuthErrorCodes.capabilityRequired);
      // A platform service registers agents of any org (or none) with org-scoped capabilities, which act only inside
      // the agent's own org; platform-wide ones come from a super admin only.
      return { isSuperAdmin: false, held, isAdminOfTargetOrg: true };
    }
    if (caller.type !== 'user') throw forbidden('Agents cannot register agents');
    const granter = await grantPolicy.granterFor(caller.id, input.orgId ?? null);
    if (granter?.isSuperAdmin) return granter;
    if (!input.orgId) throw forbidden('Only super admins may register agents without an organization');
    if (!granter?.isAdminOfTargetOrg) throw forbidden('Only organization admins may register agents for it');
    return granter;
  };

  /** Orgs whose agents the caller may read; null: all of them (super admin). */
  const readableOrgs = async (callerId: string): Promise<string[] | null> =>
    (await users.findById(callerId))?.isSuperAdmin ? null : (await orgs.membershipsOf(callerId)).map((m) => m.id);

  const manageable = async (callerId: string, id: string): Promise<AgentRow> => {
    const agent = await agents.findById(id);
    if (agent) {
      if ((await users.findById(callerId))?.isSuperAdmin) return agent;
      if (agent.orgId && (await orgs.findMembership(agent.orgId, callerId))?.role === 'admin') return agent;
    }
    throw notFound('Agent not found');
  };

  return {
    async register(caller, input, actor) {
      // Names outside the registry and service-only rights are bad input, whoever asks (400).
      assertGrantable(REGISTRY_ONLY, input.capabilities, 'body.capabilities');
      assertGrantable(await registrar(caller, input), input.capabilities, 'body.capabilities');
      if (input.orgId && !(await orgs.findById(input.orgId)))
        throw badRequest('Organization not found', [{ field: 'body.orgId', message: 'unknown organization' }]);
      const row = await agents.insert({
        id: uuidv7(),
        agentId: input.agentId,
        credentialHash: await hasher.hash(input.credential),
        name: input.name,
        orgId: input.orgId ?? null,
        capabilities: canonicalCapabilities(input.capabilities),
        metadata: input.metadata,
        isActive: true,
      });
      if (!row)
        throw badRequest(
          'Agent ID already in use',
          [{ field: 'body.agentId', message: 'is taken' }],
          IdentityErrorCodes.agentIdInUse,
        );
      await audit.record(actor, {
        action: 'agent.registered',
        resource: 'agent',
        resourceId: row.id,
        orgId: row.orgId,
        metadata: { agentId: row.agentId, capabilities: row.capabilities },
      });
      const tokens = await sessions.start({ kind: 'agent', id: row.id }, actor.ip ?? null);
      return { agent: row, tokens };
    },

    async login(agentId, credential, actor) {
      const ip = actor.ip ?? 'unknown';
      await throttle.assertAllowed(throttleAccount(agentId), ip);
      const agent = await agents.findByAgentId(agentId);
      const ok = agent
        ? await hasher.verify(agent.credentialHash, credential)
        : (await hasher.verifyDummy(credential), false);
      if (!agent || !ok) {
        await throttle.recordFailure(throttleAccount(agentId), ip);
        await audit.record(
          { ...actor, type: 'anonymous' },
          { action: 'agent.login_failed', resource: 'agent', resourceId: agent?.id ?? null, metadata: { agentId } },
        );
        throw invalidLogin();
      }
      // W17: the credential is checked before the inactive flag is revealed.
      if (!agent.isActive) throw unauthorized('Agent is inactive', IdentityErrorCodes.agentInactive);
      await throttle.recordSuccess(throttleAccount(agentId), ip);
      await agents.touch(agent.id);
      const tokens = await sessions.start({ kind: 'agent', id: agent.id }, actor.ip ?? null);
      await audit.record(
        { ...actor, type: 'agent', id: agent.id },
        { action: 'agent.login', resource: 'session', resourceId: tokens.sessionId, orgId: agent.orgId },
      );
      return { agent, tokens };
    },

    async get(id) {
      const agent = await agents.findById(id);
      if (!agent) throw notFound('Agent not found');
      return agent;
    },

    async list(callerId, { orgId, limit, offset }) {
      const readable = await readableOrgs(callerId);
      if (orgId !== undefined && readable !== null && !readable.includes(orgId))
        throw notFound('Organization not found');
      const { rows, total } = await agents.list(orgId !== undefined ? [orgId] : readable, limit, offset);
      return { agents: rows, count: total };
    },

    async view(callerId, id) {
      const [agent, readable] = await Promise.all([agents.findById(id), readableOrgs(callerId)]);
      if (agent && (readable === null || (agent.orgId !== null && readable.includes(agent.orgId)))) return agent;
      throw notFound('Agent not found');
    },

    async setActive(callerId, id, isActive, actor) {
      await manageable(callerId, id);
      const updated = (await agents.setActive(id, isActive))!;
      if (!isActive) await sessions.revokeAllOfAgent(id, 'agent_deactivated');
      await entities.setStatusBySource('agents', id, isActive ? 'active' : 'inactive');
      await audit.record(actor, {
        action: isActive ? 'agent.activated' : 'agent.deactivated',
        resource: 'agent',
        resourceId: id,
        orgId: updated.orgId,
      });
      return updated;
    },

    async delete(callerId, id, actor) {
      const agent = await manageable(callerId, id);
      // Revoke first (publishes the events); the session rows then cascade with the agent.
      await sessions.revokeAllOfAgent(id, 'agent_deleted');
      await agents.delete(id);
      await entities.deleteBySource('agents', id);
      await audit.record(actor, {
        action: 'agent.deleted',
        resource: 'agent',
        resourceId: id,
        orgId: agent.orgId,
        metadata: { agentId: agent.agentId },
      });
    },
  };
}
