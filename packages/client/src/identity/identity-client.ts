import { readJson, SymbiaApiError, type FetchLike } from '../http.js';
import type {
  Agent,
  AgentList,
  AgentProfile,
  AgentQuery,
  ApiKey,
  CreateApiKeyInput,
  CreateCredentialInput,
  CreatedApiKey,
  CreateEntityInput,
  CreateOrganizationInput,
  Credential,
  Entity,
  EntityList,
  EntityPatch,
  EntityQuery,
  Me,
  Organization,
  OrgSummary,
  RegisteredAgent,
  RegisterAgentInput,
  RegisterInput,
  Registration,
  ResolvedCredential,
  TokenPair,
} from './identity-types.js';

export interface IdentityClientOptions {
  /** e.g. `http://localhost:5001`. */
  baseUrl: string;
  fetch?: FetchLike;
  /** Resume a session (e.g. tokens kept by a CLI). */
  session?: Pick<TokenPair, 'token' | 'refreshToken'>;
  /** Called whenever tokens rotate, so callers can persist the new refresh token. */
  onTokens?: (tokens: TokenPair) => void;
}

export interface IdentityClient {
  /** Creates the user (and an org when `orgName` is given) and logs this client in as them. */
  register(input: RegisterInput): Promise<Pick<Registration, 'user' | 'organization'>>;
  login(email: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  /** Exchanges the refresh token (rotating it); authenticated calls do this themselves on a 401. */
  refresh(): Promise<TokenPair>;
  me(): Promise<Me>;
  orgs: {
    list(): Promise<OrgSummary[]>;
    create(input: CreateOrganizationInput): Promise<Organization>;
  };
  keys: {
    list(): Promise<ApiKey[]>;
    create(input: CreateApiKeyInput): Promise<CreatedApiKey>;
    rotate(id: string): Promise<CreatedApiKey>;
    revoke(id: string): Promise<void>;
  };
  agents: {
    /** Needs a service token with cap:identity.agents.register, a super admin, or an admin of `orgId` (identity W2). */
    register(input: RegisterAgentInput): Promise<RegisteredAgent>;
    /** Logs this client in as the agent (its tokens replace any current session). */
    login(agentId: string, credential: string): Promise<Agent>;
    me(): Promise<AgentProfile>;
    /** Users: the agents of their orgs (super admins: all), optionally of one org. */
    list(query?: AgentQuery): Promise<AgentList>;
    get(id: string): Promise<AgentProfile>;
  };
  /** The @name directory (identity.md §7.12), for users, agents and platform services alike. */
  entities: {
    list(query?: EntityQuery): Promise<EntityList>;
    get(id: string): Promise<Entity>;
    create(input: CreateEntityInput): Promise<Entity>;
    update(id: string, patch: EntityPatch): Promise<Entity>;
    /**
     * Resolves `@slug`, `type:slug`, `slug#instance` or an `ent_` id, best match first. No match throws a
     * SymbiaApiError (404) whose `details.suggestions` lists up to five similar slugs.
     */
    resolve(address: string, options?: { orgId?: string }): Promise<Entity[]>;
    bind(id: string, nodeId: string): Promise<Entity>;
    unbind(id: string): Promise<Entity>;
    byNode(nodeId: string): Promise<Entity>;
  };
  credentials: {
    list(): Promise<Credential[]>;
    create(input: CreateCredentialInput): Promise<Credential>;
    delete(id: string): Promise<void>;
    /**
     * Service side (a service token in `session.token`): the user's personal credential for `provider`, else the
     * org-wide one of `orgId` when the user is a member of it.
     */
    resolve(query: { userId: string; provider: string; orgId?: string }): Promise<ResolvedCredential>;
    byId(credentialId: string): Promise<ResolvedCredential>;
  };
  /** Current access token (null before login). */
  accessToken(): string | null;
}

export function createIdentityClient(options: IdentityClientOptions): IdentityClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  let token: string | null = options.session?.token ?? null;
  let refreshToken: string | null = options.session?.refreshToken ?? null;
  let refreshing: Promise<TokenPair> | null = null;

  /** Keeps the tokens of a login, registration or refresh answer; `onTokens` gets the four token fields only. */
  const keep = (answer: TokenPair) => {
    const pair: TokenPair = {
      token: answer.token,
      expiresAt: answer.expiresAt,
      refreshToken: answer.refreshToken,
      refreshTokenExpiresAt: answer.refreshTokenExpiresAt,
    };
    token = pair.token;
    refreshToken = pair.refreshToken;
    options.onTokens?.(pair);
  };

  const send = (method: string, path: string, body?: unknown, auth = true) =>
    fetchImpl(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(auth && token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const refresh = (): Promise<TokenPair> => {
    if (!refreshToken) return Promise.reject(new SymbiaApiError(401, 'authentication_required', 'Not logged in'));
    // Concurrent 401s share one refresh: a second exchange of the same token would count as reuse.
    refreshing ??= send('POST', '/api/auth/refresh', { refreshToken }, false)
      .then((res) => readJson<TokenPair>(res))
      .then((pair) => {
        keep(pair);
        return pair;
      })
      .finally(() => (refreshing = null));
    return refreshing;
  };

  const query = (params: object = {}) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params) as [string, unknown][])
      if (value !== undefined) search.set(key, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };
  const id = (value: string) => encodeURIComponent(value);

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res = await send(method, path, body);
    if (res.status === 401 && refreshToken) {
      await res.body?.cancel();
      await refresh();
      res = await send(method, path, body);
    }
    return readJson<T>(res);
  };

  return {
    async register(input) {
      const result = await readJson<Registration>(await send('POST', '/api/auth/register', input, false));
      keep(result);
      return { user: result.user, organization: result.organization };
    },
    async login(email, password) {
      keep(await readJson<TokenPair>(await send('POST', '/api/auth/login', { email, password }, false)));
      return call<Me>('GET', '/api/users/me');
    },
    async logout() {
      await readJson(await send('POST', '/api/auth/logout'));
      token = null;
      refreshToken = null;
    },
    refresh,
    me: () => call<Me>('GET', '/api/users/me'),
    orgs: {
      list: async () => (await call<{ organizations: OrgSummary[] }>('GET', '/api/orgs')).organizations,
      create: (input) => call<Organization>('POST', '/api/orgs', input),
    },
    keys: {
      list: () => call<ApiKey[]>('GET', '/api/api-keys'),
      create: (input) => call<CreatedApiKey>('POST', '/api/api-keys', input),
      rotate: (id) => call<CreatedApiKey>('POST', `/api/api-keys/${encodeURIComponent(id)}/rotate`),
      async revoke(id) {
        await call('POST', `/api/api-keys/${encodeURIComponent(id)}/revoke`);
      },
    },
    agents: {
      register: async (input) =>
        (await call<{ agent: RegisteredAgent }>('POST', '/api/auth/agent/register', input)).agent,
      async login(agentId, credential) {
        const result = await readJson<TokenPair & { agent: Agent }>(
          await send('POST', '/api/auth/agent/login', { agentId, credential }, false),
        );
        keep(result);
        return result.agent;
      },
      me: async () => (await call<{ agent: AgentProfile }>('GET', '/api/auth/agent/me')).agent,
      list: (params) => call('GET', `/api/agents${query(params)}`),
      get: (agentId) => call<AgentProfile>('GET', `/api/agents/${id(agentId)}`),
    },
    entities: {
      list: (params) => call('GET', `/api/entities${query(params)}`),
      get: (entityId) => call<Entity>('GET', `/api/entities/${id(entityId)}`),
      create: (input) => call<Entity>('POST', '/api/entities', input),
      update: (entityId, patch) => call<Entity>('PATCH', `/api/entities/${id(entityId)}`, patch),
      async resolve(address, options) {
        const { resolved } = await call<{ resolved: Entity | Entity[] }>('POST', '/api/entities/resolve', {
          address,
          ...(options?.orgId && { orgId: options.orgId }),
        });
        return Array.isArray(resolved) ? resolved : [resolved];
      },
      bind: (entityId, nodeId) => call<Entity>('POST', `/api/entities/${id(entityId)}/bind`, { nodeId }),
      unbind: (entityId) => call<Entity>('POST', `/api/entities/${id(entityId)}/unbind`),
      byNode: (nodeId) => call<Entity>('GET', `/api/entities/by-node/${id(nodeId)}`),
    },
    credentials: {
      list: () => call<Credential[]>('GET', '/api/credentials'),
      create: (input) => call<Credential>('POST', '/api/credentials', input),
      async delete(id) {
        await call('DELETE', `/api/credentials/${encodeURIComponent(id)}`);
      },
      resolve: ({ userId, provider, orgId }) =>
        call<ResolvedCredential>(
          'GET',
          `/api/internal/credentials/${encodeURIComponent(userId)}/${encodeURIComponent(provider)}${orgId ? `?orgId=${encodeURIComponent(orgId)}` : ''}`,
        ),
      byId: (credentialId) =>
        call<ResolvedCredential>('GET', `/api/internal/credentials/by-id/${encodeURIComponent(credentialId)}`),
    },
    accessToken: () => token,
  };
}
