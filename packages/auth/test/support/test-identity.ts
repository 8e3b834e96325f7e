import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { verifyServiceTokenRequest } from '../../src/index.js';

export const ISSUER = 'https://identity.test';
export const AUDIENCE = 'symbia';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface ApiKeyRecord {
  sub: string;
  sub_typ: 'user' | 'agent';
  key_id: string;
  org: string | null;
  scopes: string[];
  ent: string[];
  exp?: number;
  /** Lets a test make identity break the contract (it must never yield a super admin). */
  sa?: boolean;
}

export async function createSigningKey(kid = `k-${randomUUID()}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

/**
 * A loopback stand-in for identity built from the real wire contracts: JWKS, API-key introspection (requires
 * a service token it minted) and service-token issuance (checked with our own verifyServiceTokenRequest).
 * Counters let tests prove what was (not) requested.
 */
export class TestIdentity {
  readonly requests = { jwks: 0, introspect: 0, serviceToken: 0 };
  /** Keys published in the JWKS; tests rotate by replacing this list. */
  published: SigningKey[] = [];
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  /** Service tokens issued; introspection accepts only these. */
  readonly issuedServiceTokens = new Set<string>();
  secret = randomBytes(32).toString('hex');
  serviceTokenTtlSeconds = 900;
  /** Epoch ms used when checking service-token requests and minting; tests with fake clocks set it. */
  now: () => number = () => Date.now();
  /** Answer every request with this status instead (simulates identity failing). */
  failWith: number | null = null;
  private server: Server | null = null;
  url = '';

  constructor(readonly signingKey: SigningKey) {
    this.published = [signingKey];
  }

  static async start(): Promise<TestIdentity> {
    const identity = new TestIdentity(await createSigningKey());
    identity.server = createServer((req, res) => void identity.handle(req, res));
    await new Promise<void>((resolve) => identity.server!.listen(0, '127.0.0.1', resolve));
    identity.url = `http://127.0.0.1:${(identity.server!.address() as AddressInfo).port}`;
    return identity;
  }

  get jwksUrl(): string {
    return `${this.url}/.well-known/jwks.json`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mints an access token; `claims` override the defaults (a 15-minute user token for org-a). */
  async mint(claims: Record<string, unknown> = {}, key: SigningKey = this.signingKey): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    const payload = {
      sub: 'user-1',
      typ: 'user',
      org: 'org-a',
      orgs: [{ id: 'org-a', role: 'member' }],
      ent: ['cap:catalog.read'],
      roles: [],
      sa: false,
      sid: `sid-${randomUUID()}`,
      name: 'Ada',
      email: 'ada@example.test',
      iss: ISSUER,
      aud: AUDIENCE,
      iat,
      exp: iat + 900,
      jti: randomUUID(),
      ...claims,
    };
    return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  async mintServiceToken(serviceId: string): Promise<string> {
    const token = await this.mint({
      typ: 'service',
      sub: serviceId,
      svc: serviceId,
      sid: undefined,
      org: undefined,
      orgs: undefined,
      ent: ['cap:impersonate'],
      name: undefined,
      email: undefined,
    });
    this.issuedServiceTokens.add(token);
    return token;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.url === '/.well-known/jwks.json' && req.method === 'GET') {
      this.requests.jwks += 1;
      if (this.failWith !== null) return send(res, this.failWith, { error: 'down' });
      return send(res, 200, { keys: this.published.map((k) => k.publicJwk) });
    }
    if (req.url === '/api/auth/introspect' && req.method === 'POST') {
      this.requests.introspect += 1;
      if (this.failWith !== null) return send(res, this.failWith, { error: 'down' });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !this.issuedServiceTokens.has(bearer))
        return send(res, 401, { error: 'service token required' });
      const record = typeof body?.token === 'string' ? this.apiKeys.get(body.token) : undefined;
      if (!record) return send(res, 200, { active: false });
      return send(res, 200, { active: true, typ: 'api_key', sa: false, ...record });
    }
    if (req.url === '/api/auth/service-token' && req.method === 'POST') {
      this.requests.serviceToken += 1;
      if (this.failWith !== null) return send(res, this.failWith, { error: 'down' });
      if (!verifyServiceTokenRequest({ body, secret: this.secret, now: this.now() })) {
        return send(res, 401, { error: 'Invalid service credentials', code: 'invalid_service_credentials' });
      }
      const token = await this.mintServiceToken((body as { serviceId: string }).serviceId);
      return send(res, 200, {
        token,
        expiresAt: new Date(this.now() + this.serviceTokenTtlSeconds * 1000).toISOString(),
      });
    }
    send(res, 404, { error: 'not found' });
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A loopback URL on which nothing listens: identity is "down". */
export async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
