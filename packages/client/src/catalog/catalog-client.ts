import { readJson, SymbiaApiError, type FetchLike } from '../http.js';
import type {
  Artifact,
  BootstrapSummary,
  BulkInput,
  BulkResult,
  CatalogStats,
  Certification,
  CertifyInput,
  CreateResourceInput,
  ListResourcesQuery,
  Page,
  RateLimits,
  Resource,
  ResourceVersion,
  SearchInput,
  Signature,
  SignInput,
  UpdateResourceInput,
  UploadArtifactInput,
  UpsertResourceInput,
} from './catalog-types.js';

export interface CatalogClientOptions {
  /** e.g. `http://localhost:5003`. */
  baseUrl: string;
  fetch?: FetchLike;
  /**
   * Bearer token, or a function giving the current one (e.g. `() => identity.accessToken()`), so a client
   * built once follows token refreshes.
   */
  token?: string | (() => string | null | undefined | Promise<string | null | undefined>);
  /** An identity API key (`sk_…`), sent as `X-API-Key`. */
  apiKey?: string;
}

/**
 * `ref` is a resource id or a platform resource's key (encoded for the path here). Single-resource reads
 * answer null for 404 (catalog.md §13); everything else throws SymbiaApiError on a non-2xx answer.
 */
export interface CatalogClient {
  resources: {
    list(query?: ListResourcesQuery): Promise<Page<Resource>>;
    get(ref: string): Promise<Resource | null>;
    /** Org rows by key (keys are unique per org); without `orgId`, platform rows. */
    getByKey(key: string, orgId?: string): Promise<Resource | null>;
    create(input: CreateResourceInput): Promise<Resource>;
    /** Create or replace by key (`PUT /api/resources/<key>`); `created` tells which happened. */
    upsert(
      key: string,
      input: UpsertResourceInput,
      options?: { orgId?: string },
    ): Promise<{ resource: Resource; created: boolean }>;
    update(ref: string, patch: UpdateResourceInput): Promise<Resource>;
    delete(ref: string): Promise<void>;
    bulk(input: BulkInput): Promise<BulkResult>;
  };
  search(input: SearchInput): Promise<Page<Resource>>;
  versions: {
    list(ref: string): Promise<ResourceVersion[]>;
    get(ref: string, version: number): Promise<ResourceVersion | null>;
    /** `created` is false when the content was unchanged and the latest version came back (idempotent publish). */
    publish(ref: string, changelog?: string): Promise<{ version: ResourceVersion; created: boolean }>;
    /** Versions of every resource the caller may read, newest first. */
    listAll(query?: { limit?: number; cursor?: string }): Promise<Page<ResourceVersion>>;
  };
  artifacts: {
    list(ref: string, options?: { version?: number }): Promise<Artifact[]>;
    upload(ref: string, input: UploadArtifactInput): Promise<Artifact>;
    download(id: string): Promise<{ bytes: Uint8Array; mimeType: string }>;
    delete(id: string): Promise<void>;
  };
  signatures: {
    list(ref: string): Promise<Signature[]>;
    /** Ed25519 only; sign `signaturePayload(resource.id, version, contentHash)`. */
    sign(ref: string, input: SignInput): Promise<Signature>;
    withdraw(ref: string, signatureId: string): Promise<void>;
  };
  certifications: {
    list(ref: string): Promise<Certification[]>;
    certify(ref: string, input: CertifyInput): Promise<Certification>;
    withdraw(ref: string, certificationId: string): Promise<void>;
  };
  bootstrap: {
    /** The public bootstrap set other services load at start (no credential needed). */
    list(): Promise<Resource[]>;
    summary(): Promise<BootstrapSummary>;
  };
  stats(): Promise<CatalogStats>;
  rateLimits(): Promise<RateLimits>;
}

/** The bytes an Ed25519 signer signs for version `version` of resource `resourceId` (services/catalog README). */
export function signaturePayload(resourceId: string, version: number, contentHash: string): Uint8Array {
  return new TextEncoder().encode(`symbia-catalog-signature:v1:${resourceId}:${version}:${contentHash}`);
}

const queryString = (query: Record<string, string | number | undefined>): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text.length > 0 ? `?${text}` : '';
};

/** Base64 without Buffer, so the SDK also runs in browsers (the website uses it). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const nullOn404 = <T>(promise: Promise<T>): Promise<T | null> =>
  promise.catch((err: unknown) => {
    if (err instanceof SymbiaApiError && err.status === 404) return null;
    throw err;
  });

export function createCatalogClient(options: CatalogClientOptions): CatalogClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const headers: Record<string, string> = {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
      ...(options.apiKey && { 'x-api-key': options.apiKey }),
    };
    return fetchImpl(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    readJson<T>(await send(method, path, body));
  const created = async <T>(method: string, path: string, body?: unknown): Promise<{ body: T; created: boolean }> => {
    const res = await send(method, path, body);
    return { body: await readJson<T>(res), created: res.status === 201 };
  };
  const done = async (method: string, path: string) => {
    await call(method, path);
  };
  const resource = (ref: string) => `/api/resources/${encodeURIComponent(ref)}`;

  return {
    resources: {
      list: (query = {}) => call('GET', `/api/resources${queryString({ ...query })}`),
      get: (ref) => nullOn404(call('GET', resource(ref))),
      getByKey: (key, orgId) => nullOn404(call('GET', `/api/resources/by-key${queryString({ key, orgId })}`)),
      create: (input) => call('POST', '/api/resources', input),
      async upsert(key, input, upsertOptions = {}) {
        const { body, created: isNew } = await created<Resource>(
          'PUT',
          `${resource(key)}${queryString({ orgId: upsertOptions.orgId })}`,
          input,
        );
        return { resource: body, created: isNew };
      },
      update: (ref, patch) => call('PATCH', resource(ref), patch),
      delete: (ref) => done('DELETE', resource(ref)),
      bulk: (input) => call('POST', '/api/resources/bulk', input),
    },
    search: (input) => call('POST', '/api/search', input),
    versions: {
      list: (ref) => call('GET', `${resource(ref)}/versions`),
      get: (ref, version) => nullOn404(call('GET', `${resource(ref)}/versions/${version}`)),
      async publish(ref, changelog) {
        const { body, created: isNew } = await created<ResourceVersion>(
          'POST',
          `${resource(ref)}/publish`,
          changelog === undefined ? {} : { changelog },
        );
        return { version: body, created: isNew };
      },
      listAll: (query = {}) => call('GET', `/api/versions${queryString({ ...query })}`),
    },
    artifacts: {
      list: (ref, listOptions = {}) =>
        call('GET', `${resource(ref)}/artifacts${queryString({ version: listOptions.version })}`),
      upload: (ref, { content, ...input }) =>
        call('POST', `${resource(ref)}/artifacts`, { ...input, content: toBase64(content) }),
      async download(id) {
        const res = await send('GET', `/api/artifacts/${encodeURIComponent(id)}/download`);
        if (!res.ok) await readJson(res);
        return {
          bytes: new Uint8Array(await res.arrayBuffer()),
          mimeType: res.headers.get('content-type') ?? 'application/octet-stream',
        };
      },
      delete: (id) => done('DELETE', `/api/artifacts/${encodeURIComponent(id)}`),
    },
    signatures: {
      list: (ref) => call('GET', `${resource(ref)}/signatures`),
      sign: (ref, input) => call('POST', `${resource(ref)}/signatures`, { algorithm: 'ed25519', ...input }),
      withdraw: (ref, id) => done('DELETE', `${resource(ref)}/signatures/${encodeURIComponent(id)}`),
    },
    certifications: {
      list: (ref) => call('GET', `${resource(ref)}/certifications`),
      certify: (ref, input) => call('POST', `${resource(ref)}/certifications`, input),
      withdraw: (ref, id) => done('DELETE', `${resource(ref)}/certifications/${encodeURIComponent(id)}`),
    },
    bootstrap: {
      list: () => call('GET', '/api/bootstrap'),
      summary: () => call('GET', '/api/bootstrap/summary'),
    },
    stats: () => call('GET', '/api/stats'),
    rateLimits: () => call('GET', '/api/rate-limits'),
  };
}
