import { uuidv7 } from '@symbia/kit';
import { badRequest, forbidden, notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { AgentRow, AgentStore } from '../agents/agent.store.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { OrgStore } from '../orgs/org.store.js';
import type { UserStore } from '../users/user.store.js';
import type { CredentialRow, CredentialStore } from './credential.store.js';

export interface CreateCredentialInput {
  provider: string;
  name: string;
  apiKey: string;
  isOrgWide: boolean;
  orgId?: string | null;
  metadata: Record<string, unknown>;
}

/** What leaves identity with the plaintext: only the internal endpoints return it (identity.md §9). */
export interface ResolvedCredential {
  apiKey: string;
  credentialId: string;
  provider: string;
  credentialType: CredentialRow['credentialType'];
  metadata: Record<string, unknown>;
  /** An org-wide credential owned by someone other than the user asked about. */
  isProxy: boolean;
  ownerId: string;
  isOrgWide: boolean;
  orgId: string | null;
  expiresAt: Date | null;
}

export interface StoreOAuthInput {
  userId: string;
  provider: string;
  accessToken: string;
  orgId?: string;
  refreshToken?: string;
  expiresAt?: Date | null;
  oauthUserId?: string;
  oauthUserEmail?: string;
  oauthUserName?: string;
}

export interface CredentialService {
  create(userId: string, input: CreateCredentialInput, actor: AuditActor): Promise<CredentialRow>;
  list(userId: string): Promise<CredentialRow[]>;
  delete(userId: string, id: string, actor: AuditActor): Promise<void>;
  /**
   * The user's personal credential for the provider, else (when `orgId` is given) the org-wide one of that org for a
   * member of it, or for an active agent of it: `userId` may name an agent (its row id), which is never a member but
   * belongs to exactly one org.
   */
  resolve(query: { userId: string; provider: string; orgId?: string }, actor: AuditActor): Promise<ResolvedCredential>;
  byId(id: string, actor: AuditActor): Promise<ResolvedCredential>;
  /** Upserts the user's own OAuth credential for the provider (access and refresh tokens sealed separately). */
  storeOAuth(
    input: StoreOAuthInput,
    actor: AuditActor,
  ): Promise<{ credentialId: string; provider: string; expiresAt: Date | null }>;
  deleteById(id: string, ownerId: string | undefined, actor: AuditActor): Promise<void>;
}

/**
 * Only a short clear prefix is kept, so the list can tell keys apart: up to 8 characters and never more than a
 * quarter of the secret (a short secret must not be mostly readable from its prefix).
 */
export const credentialPrefixOf = (secret: string): string =>
  secret.slice(0, Math.min(8, Math.floor(secret.length / 4)));

const credentialNotFound = () => notFound('Credential not found');

export function createCredentialService(deps: {
  store: CredentialStore;
  orgs: OrgStore;
  users: UserStore;
  agents: Pick<AgentStore, 'findById'>;
  box: SecretBox;
  audit: AuditLog;
}): CredentialService {
  const { store, orgs, users, agents, box, audit } = deps;

  /** `forAgent`: the principal asked about is an agent (its row id is `askedFor`), recorded with its public id. */
  const reveal = async (
    row: CredentialRow,
    askedFor: string | null,
    actor: AuditActor,
    forAgent?: AgentRow,
  ): Promise<ResolvedCredential> => {
    const apiKey = box.open(row.credentialEncrypted);
    await store.touch(row.id);
    // W19 / §5.5: every plaintext read is audited, with ids only.
    const whom = forAgent ? { agentRowId: forAgent.id, agentId: forAgent.agentId } : { userId: askedFor };
    await audit.record(actor, {
      action: 'credential.read',
      resource: 'credential',
      resourceId: row.id,
      orgId: row.orgId,
      metadata: { provider: row.provider, ...whom },
    });
    return {
      apiKey,
      credentialId: row.id,
      provider: row.provider,
      credentialType: row.credentialType,
      metadata: row.metadata,
      isProxy: row.isOrgWide && askedFor !== null && row.userId !== askedFor,
      ownerId: row.userId,
      isOrgWide: row.isOrgWide,
      orgId: row.orgId,
      expiresAt: row.expiresAt,
    };
  };

  return {
    async create(userId, input, actor) {
      const orgId = input.orgId ?? null;
      if (input.isOrgWide && !orgId)
        throw badRequest('An org-wide credential needs an organization', [
          { field: 'body.orgId', message: 'is required when isOrgWide is true' },
        ]);
      if (orgId) {
        // W1: membership from the database; a non-member learns nothing about the org (404).
        const membership = await orgs.findMembership(orgId, userId);
        if (!membership) throw notFound('Organization not found');
        if (input.isOrgWide && membership.role !== 'admin')
          throw forbidden('Only organization admins can create org-wide credentials');
      }
      const row = await store.insert({
        id: uuidv7(),
        userId,
        orgId,
        provider: input.provider,
        name: input.name,
        credentialEncrypted: box.seal(input.apiKey),
        credentialPrefix: credentialPrefixOf(input.apiKey),
        isOrgWide: input.isOrgWide,
        metadata: input.metadata,
        credentialType: 'api_key',
      });
      await audit.record(actor, {
        action: 'credential.created',
        resource: 'credential',
        resourceId: row.id,
        orgId,
        metadata: { provider: row.provider, isOrgWide: row.isOrgWide, prefix: row.credentialPrefix },
      });
      return row;
    },
    list: (userId) => store.listByOwner(userId),
    async delete(userId, id, actor) {
      if (!(await store.deleteOwned(userId, id))) throw credentialNotFound();
      await audit.record(actor, { action: 'credential.deleted', resource: 'credential', resourceId: id });
    },
    async resolve({ userId, provider, orgId }, actor) {
      const personal = await store.findPersonal(userId, provider);
      if (personal) return reveal(personal, userId, actor);
      if (!orgId) throw credentialNotFound();
      // Membership and agent org from the database, never from the caller: users through org membership; an agent
      // (never a member) through the one org it was registered in, and only while active.
      let agent: AgentRow | undefined;
      if (!(await orgs.findMembership(orgId, userId))) {
        agent = await agents.findById(userId);
        if (!agent || !agent.isActive || agent.orgId !== orgId) throw credentialNotFound();
      }
      const shared = await store.findOrgWide(orgId, provider);
      if (!shared) throw credentialNotFound();
      return reveal(shared, userId, actor, agent);
    },
    async byId(id, actor) {
      const row = await store.findById(id);
      if (!row) throw credentialNotFound();
      return reveal(row, null, actor);
    },
    async storeOAuth(input, actor) {
      if (!(await users.findById(input.userId))) throw notFound('User not found');
      if (input.orgId && !(await orgs.findMembership(input.orgId, input.userId)))
        throw notFound('Organization not found');
      const { row, inserted } = await store.upsertOwnOAuth({
        id: uuidv7(),
        userId: input.userId,
        orgId: input.orgId ?? null,
        provider: input.provider,
        name: `${input.provider} OAuth`,
        isOrgWide: false,
        metadata: {},
        credentialType: 'oauth_token',
        credentialEncrypted: box.seal(input.accessToken),
        credentialPrefix: credentialPrefixOf(input.accessToken),
        // A refresh answer often carries no new refresh token: the stored one is kept (see upsertOwnOAuth).
        refreshTokenEncrypted: input.refreshToken ? box.seal(input.refreshToken) : null,
        expiresAt: input.expiresAt ?? null,
        oauthUserId: input.oauthUserId ?? null,
        oauthUserEmail: input.oauthUserEmail ?? null,
        oauthUserName: input.oauthUserName ?? null,
      });
      await audit.record(actor, {
        action: inserted ? 'oauth.token_stored' : 'oauth.token_refreshed',
        resource: 'credential',
        resourceId: row.id,
        orgId: row.orgId,
        metadata: { provider: row.provider, userId: row.userId },
      });
      return { credentialId: row.id, provider: row.provider, expiresAt: row.expiresAt };
    },
    async deleteById(id, ownerId, actor) {
      if (!(await store.deleteById(id, ownerId))) throw credentialNotFound();
      await audit.record(actor, { action: 'credential.deleted', resource: 'credential', resourceId: id });
    },
  };
}
