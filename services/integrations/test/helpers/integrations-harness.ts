import { openMigratedDatabase, openServiceDatabase } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { bearer, createTestDatabase, sharedIdentityForTests, startFakeLlm, type FakeLlm, type OrgSession, type Session, type TestDatabase } from '@symbia/testing';
import { buildApp } from '../../src/app.js';
import { loadIntegrationsConfig } from '../../src/config.js';
import { integrationsDatabase, type IntegrationsDatabase } from '../../src/db/db.js';

export { bearer, type OrgSession, type Session };

export interface IntegrationsInstance {
  app: ServiceApp;
  /** Base URL of the listening app (streams need a real socket; inject() buffers whole answers). */
  url: string;
  logs: ReturnType<typeof createLogCapture>;
}

export interface Harness {
  identityUrl: string;
  fake: FakeLlm;
  /** The default instance: platform keys set, fast retries, 5 s timeout. */
  main: IntegrationsInstance;
  /** Another integrations process on the same database with extra env (a replica, or other limits). */
  start(env?: Record<string, string>): Promise<IntegrationsInstance>;
  database: IntegrationsDatabase;
  registerOrgAdmin(orgName: string): Promise<OrgSession>;
  addMember(orgAdmin: Session, orgId: string, email: string, role: 'viewer' | 'member' | 'admin'): Promise<Session>;
  /** Stores a vault credential through identity's public API, as `owner`. */
  storeCredential(owner: Session, body: { provider: string; apiKey: string; isOrgWide?: boolean; orgId?: string; metadata?: Record<string, unknown> }): Promise<string>;
  /** A service JWT from identity for `serviceId`, proven with the platform secret. */
  serviceToken(serviceId: string): Promise<string>;
  close(): Promise<void>;
}

export const PLATFORM_KEYS = { hf: 'hf_platform_key_0001', openai: 'sk-platform-key-0001', anthropic: 'sk-ant-platform-0001' };

/**
 * The worker's shared identity process (DESIGN §8, sharedIdentityForTests) with its vault; integrations in-process (buildApp) but listening
 * on a real port; the LLM providers are the loopback fake.
 */
export async function startIntegrations(): Promise<Harness> {
  const identity = await sharedIdentityForTests();
  const integrationsDb: TestDatabase = await createTestDatabase({ prefix: 'integrations' });
  const fake = await startFakeLlm();
  fake.validKeys.add(PLATFORM_KEYS.hf).add(PLATFORM_KEYS.openai).add(PLATFORM_KEYS.anthropic);

  const migrate = await openMigratedDatabase(integrationsDatabase, { url: integrationsDb.url, max: 2 });
  await migrate.close();

  const instances: IntegrationsInstance[] = [];
  const start = async (env: Record<string, string> = {}): Promise<IntegrationsInstance> => {
    const config = loadIntegrationsConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: integrationsDb.url,
      IDENTITY_SERVICE_URL: identity.url, INTERNAL_SERVICE_SECRET: identity.secrets.INTERNAL_SERVICE_SECRET,
      OPENAI_BASE_URL: `${fake.url}/openai/v1`, ANTHROPIC_BASE_URL: `${fake.url}/anthropic/v1`, HUGGINGFACE_BASE_URL: `${fake.url}/hf`, MODELS_SERVICE_URL: `${fake.url}/models`,
      HUGGINGFACE_API_KEY: PLATFORM_KEYS.hf, OPENAI_API_KEY: PLATFORM_KEYS.openai, ANTHROPIC_API_KEY: PLATFORM_KEYS.anthropic,
      LLM_REQUEST_TIMEOUT_MS: '5000', LLM_RETRY_BASE_MS: '5', LLM_RETRY_MAX_DELAY_MS: '50',
      ...env,
    });
    const database = openServiceDatabase(integrationsDatabase, { url: integrationsDb.url, max: 4 });
    const logs = createLogCapture();
    const app = await buildApp({ config, database, logDestination: logs.destination });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const instance = { app, url, logs };
    instances.push(instance);
    return instance;
  };

  const main = await start();
  const database = openServiceDatabase(integrationsDatabase, { url: integrationsDb.url, max: 2 });
  return {
    identityUrl: identity.url, fake, main, start, database,
    registerOrgAdmin: identity.registerOrgAdmin,
    addMember: identity.addMember,
    async storeCredential(owner, body) {
      const created = await identity.call('/api/credentials', { name: `${body.provider} key`, ...body }, owner.headers);
      return created.id as string;
    },
    serviceToken: identity.serviceToken,
    async close() {
      for (const instance of instances) await instance.app.close();
      await database.close();
      await fake.close();
      await Promise.all([identity.close(), integrationsDb.drop()]);
    },
  };
}

/** One normalized SSE frame as the client sees it. */
export type Frame = Record<string, unknown> & { type: string };

/**
 * Reads our SSE answer frame by frame with a deliberately naive splitter (independent of the service's parser),
 * handing each frame to `onFrame` as soon as it arrives.
 */
export async function readFrames(res: Response, onFrame: (frame: Frame) => void | Promise<void> = () => {}): Promise<Frame[]> {
  const frames: Frame[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) {
        const frame = JSON.parse(data) as Frame;
        frames.push(frame);
        await onFrame(frame);
      }
      end = buffer.indexOf('\n\n');
    }
  }
  return frames;
}

export const contentOf = (frames: Frame[]) => frames.filter((f) => f.type === 'content').map((f) => f.content as string).join('');

/** Polls until `check` returns a value (for rows written in the background after the response). */
export async function eventually<T>(check: () => Promise<T | undefined | null>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}
