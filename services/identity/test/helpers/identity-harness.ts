import { randomBytes } from 'node:crypto';
import { signServiceTokenRequest } from '@symbia/auth';
import { openMigratedDatabase } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { createTestDatabase, fieldsOf } from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import { loadIdentityConfig } from '../../src/config.js';
import { identityDatabase } from '../../src/db/db.js';
import type { PlatformEvent } from '../../src/events/event-publisher.js';
import type { PasswordResetMailer } from '../../src/password-reset/password-reset.service.js';

export const SERVICE_SECRET = randomBytes(32).toString('hex');

export interface Harness {
  app: ServiceApp;
  url: string;
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

export async function startIdentity(env: Record<string, string> = {}, options: StartOptions = {}): Promise<Harness> {
  const testDb = await createTestDatabase({ prefix: 'identity' });
  const events: PlatformEvent[] = [];
  const logs = createLogCapture();
  const terminal: string[] = [];
  const apps: ServiceApp[] = [];
  const encryptionKey = randomBytes(32).toString('base64');
  const make = async (extra: Record<string, string> = {}) => {
    const config = loadIdentityConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: testDb.url,
      INTERNAL_SERVICE_SECRET: SERVICE_SECRET,
      CREDENTIAL_ENCRYPTION_KEY: encryptionKey,
      ARGON2_MEMORY_KIB: '256',
      ARGON2_TIME_COST: '1',
      IDENTITY_ISSUER: 'http://identity.test',
      ...env,
      ...extra,
    });
    const database = await openMigratedDatabase(identityDatabase, { url: testDb.url, max: 4 });
    const app = await buildApp({
      config,
      database,
      logDestination: logs.destination,
      mailer: options.mailer,
      setupTokenOutput: { canShow: () => true, show: (text) => void terminal.push(text) },
      limits: { adminPerMinute: 1000, registerPerMinute: 1000, ...options.limits },
      publish: async (event) => {
        events.push(event);
      },
    }).catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
    apps.push(app);
    return app;
  };
  const app = await make();
  return {
    app,
    events,
    logs,
    terminal,
    url: testDb.url,
    rebuild: make,
    async close() {
      for (const a of apps) await a.close();
      await testDb.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface Session {
  id: string;
  token: string;
  refreshToken: string;
  headers: { authorization: string };
}

let counter = 0;
export async function registerUser(
  app: ServiceApp,
  overrides: { email?: string; password?: string; name?: string; orgName?: string } = {},
): Promise<Session & { email: string; password: string }> {
  counter += 1;
  const email = overrides.email ?? `user${counter}-${randomBytes(3).toString('hex')}@example.test`;
  const password = overrides.password ?? 'correct horse battery';
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

export async function login(app: ServiceApp, email: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { id: body.user.id, token: body.token, refreshToken: body.refreshToken, headers: bearer(body.token) };
}

/** The fields a 400 names (e.g. `body.email`): @symbia/testing's, shared by every service. */
export { fieldsOf };

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
