import { randomBytes } from 'node:crypto';
import { signServiceTokenRequest } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { createLogCapture } from '@symbia/kit/testing';
import {
  bearer,
  fieldsOf,
  startServiceForTests,
  TEST_USER_PASSWORD,
  type Session as BaseSession,
} from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import { loadIdentityConfig } from '../../src/config.js';
import { identityDatabase, type IdentityDatabase } from '../../src/db/db.js';
import type { PlatformEvent } from '../../src/events/event-publisher.js';
import type { PasswordResetMailer } from '../../src/password-reset/password-reset.service.js';

export const SERVICE_SECRET = randomBytes(32).toString('hex');

export interface Harness {
  app: ServiceApp;
  /** Identity's own test database (a fresh one per harness). */
  databaseUrl: string;
  /** A handle on that database for direct reads and writes (closed with the harness). */
  database: IdentityDatabase;
  events: PlatformEvent[];
  logs: ReturnType<typeof createLogCapture>;
  /** What identity showed on the terminal (the one-time setup token), which never reaches `logs`. */
  terminal: string[];
  /** A second app on the same database (a restart, or another replica). */
  rebuild(env?: Record<string, string>): Promise<ServiceApp>;
  close(): Promise<void>;
}

/** Identity on its own fresh database; argon2 parameters are cheap here (production: m=19456, t=2). */
export interface StartOptions {
  limits?: { adminPerMinute?: number; registerPerMinute?: number; resetPerMinute?: number };
  /** A fake mailer (third party): captures password-reset links. */
  mailer?: PasswordResetMailer;
}

/**
 * Identity in-process for its own tests: @symbia/testing's startServiceForTests (DESIGN §8, the harness every
 * service uses) with `identity: 'self'`, since identity is nobody's peer. Events, the setup token's terminal and
 * the per-minute limits are identity's own deps; every app of the harness shares the platform secret and the
 * credential key, so `rebuild` is a restart or a replica.
 */
export async function startIdentity(env: Record<string, string> = {}, options: StartOptions = {}): Promise<Harness> {
  const events: PlatformEvent[] = [];
  const terminal: string[] = [];
  const service = await startServiceForTests('identity', {
    identity: 'self',
    database: identityDatabase,
    max: 4,
    directMax: 2,
    env: {
      LOG_LEVEL: 'info',
      INTERNAL_SERVICE_SECRET: SERVICE_SECRET,
      CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ARGON2_MEMORY_KIB: '256',
      ARGON2_TIME_COST: '1',
      IDENTITY_ISSUER: 'http://identity.test',
      ...env,
    },
    loadConfig: (vars) => loadIdentityConfig(vars),
    buildApp: (deps) =>
      buildApp({
        ...deps,
        mailer: options.mailer,
        setupTokenOutput: { canShow: () => true, show: (text) => void terminal.push(text) },
        limits: { adminPerMinute: 1000, registerPerMinute: 1000, ...options.limits },
        publish: async (event) => {
          events.push(event);
        },
      }),
  });
  return {
    app: service.app,
    databaseUrl: service.databaseUrl,
    database: service.database,
    events,
    logs: service.logs,
    terminal,
    rebuild: async (extra) => (await service.another(extra)).app,
    close: service.close,
  };
}

/** @symbia/testing's bearer header and fieldsOf, shared by every service. */
export { bearer, fieldsOf };

/** A signed-in user or agent: @symbia/testing's session plus the refresh token identity's own tests rotate. */
export type Session = BaseSession & { refreshToken: string };

let counter = 0;
export async function registerUser(
  app: ServiceApp,
  overrides: { email?: string; password?: string; name?: string; orgName?: string } = {},
): Promise<Session & { email: string; password: string }> {
  counter += 1;
  const email = overrides.email ?? `user${counter}-${randomBytes(3).toString('hex')}@example.test`;
  const password = overrides.password ?? TEST_USER_PASSWORD;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: {
      email,
      password,
      name: overrides.name ?? 'User',
      ...(overrides.orgName && { orgName: overrides.orgName }),
    },
  });
  if (res.statusCode !== 200) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return {
    id: body.user.id,
    token: body.token,
    refreshToken: body.refreshToken,
    headers: bearer(body.token),
    email,
    password,
  };
}

/** The bootstrap super admin of the files that need one: `startIdentity(withRoot)`, then `loginRoot(h.app)`. */
export const ROOT = { email: 'root@x.io', password: 'root password 1' } as const;
export const withRoot = { SYMBIA_ADMIN_EMAIL: ROOT.email, SYMBIA_ADMIN_PASSWORD: ROOT.password } as const;
export const loginRoot = (app: ServiceApp): Promise<Session> => login(app, ROOT.email, ROOT.password);

/** `POST /api/orgs` as `owner` (who becomes its admin); the new org's id. Throws unless identity answers 200. */
export async function createOrg(app: ServiceApp, owner: Session, name: string, slug: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/orgs', headers: owner.headers, payload: { name, slug } });
  if (res.statusCode !== 200) throw new Error(`create org failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

export async function login(app: ServiceApp, email: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { id: body.user.id, token: body.token, refreshToken: body.refreshToken, headers: bearer(body.token) };
}

/** A service JWT for `serviceId`, minted the way a real service does (HMAC proof of INTERNAL_SERVICE_SECRET). */
export async function serviceSession(
  app: ServiceApp,
  serviceId: string,
): Promise<{ token: string; headers: { authorization: string } }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/service-token',
    payload: signServiceTokenRequest({ serviceId, secret: SERVICE_SECRET, now: Date.now() }),
  });
  if (res.statusCode !== 200) throw new Error(`service token failed: ${res.statusCode} ${res.body}`);
  const { token } = res.json() as { token: string };
  return { token, headers: bearer(token) };
}

export const agentCredential = (): string => randomBytes(24).toString('base64url');
