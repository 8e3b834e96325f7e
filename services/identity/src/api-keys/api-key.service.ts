import {
  canonicalCapability,
  checkGrant,
  isKnownApiKeyScope,
  type ApiKeyIntrospection,
  type Principal,
} from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { badRequest, forbidden, notFound } from '@symbia/kit/errors';
import { assertGrantable, createGrantPolicy, REGISTRY_ONLY } from '../admin/grant-policy.js';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { randomHex, sha256Hex } from '../crypto/random.js';
import { IdentityErrorCodes } from '../errors.js';
import type { OrgStore } from '../orgs/org.store.js';
import type { RevocationRecorder } from '../revocations/revocation-recorder.js';
import type { GrantStore } from '../users/grant.store.js';
import type { EnrichedUser } from '../users/user.service.js';
import type { UserStore } from '../users/user.store.js';
import type { ApiKeyRow, ApiKeyStore } from './api-key.store.js';

export interface CreateApiKeyInput {
  name: string;
  orgId?: string | null;
  scopes: string[];
  expiresAt?: Date | null;
}

export type CreatedApiKey = ApiKeyRow & { key: string };

export type VerifyResult =
  | {
      valid: true;
      keyId: string;
      name: string;
      orgId: string | null;
      scopes: string[];
      createdBy: string;
      creator: EnrichedUser | null;
    }
  | { valid: false; error: string };

export interface ApiKeyService {
  create(caller: Principal, input: CreateApiKeyInput, actor: AuditActor): Promise<CreatedApiKey>;
  list(caller: Principal): Promise<ApiKeyRow[]>;
  get(caller: Principal, id: string): Promise<ApiKeyRow>;
  revoke(caller: Principal, id: string, actor: AuditActor): Promise<void>;
  rotate(caller: Principal, id: string, actor: AuditActor): Promise<CreatedApiKey>;
  delete(caller: Principal, id: string, actor: AuditActor): Promise<void>;
  verify(key: string | undefined): Promise<VerifyResult>;
  /** The @symbia/auth introspection contract (effective rights = scopes ∩ creator rights, W9). */
  introspect(key: string): Promise<ApiKeyIntrospection>;
}

const KEY_SHAPE = /^sk_[0-9a-f]{64}$/;
/**
 * A key's scopes are API-key scopes (`catalog:read`, `read:resources`: which requests it may make, enforced by
 * @symbia/auth) and registry capabilities or roles (what it may do there, never more than its creator).
 */
const rightsOf = (scopes: readonly string[]) => scopes.filter((scope) => !isKnownApiKeyScope(scope));
const canonicalScopes = (scopes: readonly string[]) => [
  ...new Set(scopes.map((scope) => (isKnownApiKeyScope(scope) ? scope : canonicalCapability(scope)))),
];

export function createApiKeyService(deps: {
  store: ApiKeyStore;
  users: UserStore;
  orgs: OrgStore;
  grants: GrantStore;
  audit: AuditLog;
  enriched: (userId: string) => Promise<EnrichedUser>;
  revocations?: RevocationRecorder;
  clock?: () => number;
}): ApiKeyService {
  const { store, users, orgs, grants, audit, enriched, clock = Date.now } = deps;
  const grantPolicy = createGrantPolicy({ users, orgs, grants, clock });

  // Another user's key answers 404, not 403: its existence is nobody else's business.
  const owned = async (caller: Principal, id: string): Promise<ApiKeyRow> => {
    const row = await store.findById(id);
    if (!row || (row.createdBy !== caller.id && !caller.isSuperAdmin)) throw notFound('API key not found');
    return row;
  };

  const mint = async (
    row: Omit<Parameters<ApiKeyStore['insert']>[0], 'id' | 'keyHash' | 'keyPrefix'>,
  ): Promise<CreatedApiKey> => {
    const key = `sk_${randomHex(32)}`;
    const inserted = await store.insert({ ...row, id: uuidv7(), keyHash: sha256Hex(key), keyPrefix: key.slice(0, 11) });
    return { ...inserted, key };
  };

  const checkRow = async (row: ApiKeyRow | undefined): Promise<{ row: ApiKeyRow } | { error: string }> => {
    if (!row) return { error: 'Invalid API key' };
    if (row.revokedAt) return { error: 'API key has been revoked' };
    if (row.expiresAt && row.expiresAt.getTime() <= clock()) return { error: 'API key has expired' };
    // W9: an org key is only as good as its creator's current admin membership of that org.
    if (row.orgId && (await orgs.findMembership(row.orgId, row.createdBy))?.role !== 'admin')
      return { error: 'API key creator no longer has access' };
    return { row };
  };

  return {
    async create(caller, input, actor) {
      // DESIGN §6: the creator grants the key its rights, by the same rules as any grant.
      const rights = rightsOf(input.scopes);
      assertGrantable(REGISTRY_ONLY, rights, 'body.scopes');
      const creator = await grantPolicy.granterFor(caller.id, input.orgId ?? null);
      if (input.orgId && !creator?.isAdminOfTargetOrg)
        throw forbidden('Only organization admins can create API keys scoped to an organization');
      if (!creator) throw forbidden('Only existing users can create API keys');
      assertGrantable(creator, rights, 'body.scopes');
      const scopes = canonicalScopes(input.scopes);
      const created = await mint({
        name: input.name,
        orgId: input.orgId ?? null,
        createdBy: caller.id,
        scopes,
        expiresAt: input.expiresAt ?? null,
        rotatedFrom: null,
      });
      await audit.record(actor, {
        action: 'api_key.created',
        resource: 'api_key',
        resourceId: created.id,
        orgId: created.orgId,
        metadata: { keyPrefix: created.keyPrefix },
      });
      return created;
    },
    list: (caller) => store.listByCreator(caller.id),
    get: owned,
    async revoke(caller, id, actor) {
      await owned(caller, id);
      if (!(await store.revoke(id)))
        throw badRequest('API key is already revoked', undefined, IdentityErrorCodes.apiKeyRevoked);
      await deps.revocations?.apiKey(id);
      await audit.record(actor, { action: 'api_key.revoked', resource: 'api_key', resourceId: id });
    },
    async rotate(caller, id, actor) {
      const old = await owned(caller, id);
      if (!(await store.revoke(id)))
        throw badRequest('Cannot rotate a revoked API key', undefined, IdentityErrorCodes.apiKeyRevoked);
      await deps.revocations?.apiKey(id);
      // W18: the new key keeps the original creator, whoever rotates it.
      const created = await mint({
        name: old.name,
        orgId: old.orgId,
        createdBy: old.createdBy,
        scopes: old.scopes,
        expiresAt: old.expiresAt,
        rotatedFrom: old.id,
      });
      await audit.record(actor, {
        action: 'api_key.rotated',
        resource: 'api_key',
        resourceId: created.id,
        metadata: { rotatedFrom: old.id, keyPrefix: created.keyPrefix },
      });
      return created;
    },
    async delete(caller, id, actor) {
      await owned(caller, id);
      await store.delete(id);
      await deps.revocations?.apiKey(id);
      await audit.record(actor, { action: 'api_key.deleted', resource: 'api_key', resourceId: id });
    },
    async verify(key) {
      if (!key) return { valid: false, error: 'API key is required' };
      const checked = await checkRow(KEY_SHAPE.test(key) ? await store.findByHash(sha256Hex(key)) : undefined);
      if ('error' in checked) return { valid: false, error: checked.error };
      const { row } = checked;
      await store.touch(row.id);
      const creator = await enriched(row.createdBy).catch(() => null);
      return {
        valid: true,
        keyId: row.id,
        name: row.name,
        orgId: row.orgId,
        scopes: row.scopes,
        createdBy: row.createdBy,
        creator,
      };
    },
    async introspect(key) {
      const checked = await checkRow(KEY_SHAPE.test(key) ? await store.findByHash(sha256Hex(key)) : undefined);
      if ('error' in checked) return { active: false };
      const { row } = checked;
      const creator = await grantPolicy.granterFor(row.createdBy, row.orgId);
      if (!creator) return { active: false };
      await store.touch(row.id);
      // W9: a key never exceeds its creator: only its registry rights the creator could grant it now, canonically named.
      const ent = [
        ...new Set(
          rightsOf(row.scopes)
            .filter((s) => checkGrant(creator, s) === null)
            .map(canonicalCapability),
        ),
      ];
      return {
        active: true,
        typ: 'api_key',
        sub: row.createdBy,
        sub_typ: 'user',
        key_id: row.id,
        org: row.orgId,
        scopes: row.scopes,
        ent,
        sa: false,
        name: row.name,
        ...(row.expiresAt && { exp: Math.floor(row.expiresAt.getTime() / 1000) }),
      };
    },
  };
}
