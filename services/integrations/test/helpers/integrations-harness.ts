import type { ServiceApp } from '@symbia/kit';
import type { createLogCapture } from '@symbia/kit/testing';
import {
  bearer,
  startFakeLlm,
  startServiceForTests,
  type FakeLlm,
  type OrgSession,
  type Session,
} from '@symbia/testing';
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
  storeCredential(
    owner: Session,
    body: { provider: string; apiKey: string; isOrgWide?: boolean; orgId?: string; metadata?: Record<string, unknown> },
  ): Promise<string>;
  /** A service JWT from identity for `serviceId`, proven with the platform secret. */
  serviceToken(serviceId: string): Promise<string>;
  close(): Promise<void>;
}

export const PLATFORM_KEYS = {
  hf: 'hf_platform_key_0001',
  openai: 'sk-platform-key-0001',
  anthropic: 'sk-ant-platform-0001',
};

/**
 * Integrations in-process (startServiceForTests) but listening on a real port, against the worker's shared identity
 * process (DESIGN §8) with its vault; the LLM providers are the loopback fake.
 */
export async function startIntegrations(): Promise<Harness> {
  const fake = await startFakeLlm();
  fake.validKeys.add(PLATFORM_KEYS.hf).add(PLATFORM_KEYS.openai).add(PLATFORM_KEYS.anthropic);
  const service = await startServiceForTests('integrations', {
    database: integrationsDatabase,
    max: 4,
    directMax: 2,
    listen: true,
    loadConfig: (env) => loadIntegrationsConfig(env),
    buildApp: (deps) => buildApp(deps),
    env: {
      OPENAI_BASE_URL: `${fake.url}/openai/v1`,
      ANTHROPIC_BASE_URL: `${fake.url}/anthropic/v1`,
      HUGGINGFACE_BASE_URL: `${fake.url}/hf`,
      MODELS_SERVICE_URL: `${fake.url}/models`,
      HUGGINGFACE_API_KEY: PLATFORM_KEYS.hf,
      OPENAI_API_KEY: PLATFORM_KEYS.openai,
      ANTHROPIC_API_KEY: PLATFORM_KEYS.anthropic,
      LLM_REQUEST_TIMEOUT_MS: '5000',
      LLM_RETRY_BASE_MS: '5',
      LLM_RETRY_MAX_DELAY_MS: '50',
    },
  }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  const { identity, logs } = service;
  // Every instance logs into the harness's one capture, so `main.logs` also holds what the replicas logged.
  const start = async (env: Record<string, string> = {}): Promise<IntegrationsInstance> => {
    const { app, url } = await service.another(env);
    return { app, url, logs };
  };

  return {
    identityUrl: identity.url,
    fake,
    main: { app: service.app, url: service.url, logs },
    start,
    database: service.database,
    registerOrgAdmin: identity.registerOrgAdmin,
    addMember: identity.addMember,
    async storeCredential(owner, body) {
      const created = await identity.call('/api/credentials', { name: `${body.provider} key`, ...body }, owner.headers);
      return created.id as string;
    },
    serviceToken: identity.serviceToken,
    async close() {
      await service.close();
      await fake.close();
    },
  };
}

/** One normalized SSE frame as the client sees it. */
export type Frame = Record<string, unknown> & { type: string };

/**
 * Reads our SSE answer frame by frame with a deliberately naive splitter (independent of the service's parser),
 * handing each frame to `onFrame` as soon as it arrives.
 */
export async function readFrames(
  res: Response,
  onFrame: (frame: Frame) => void | Promise<void> = () => {},
): Promise<Frame[]> {
  const frames: Frame[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
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

export const contentOf = (frames: Frame[]) =>
  frames
    .filter((f) => f.type === 'content')
    .map((f) => f.content as string)
    .join('');

/** Polls until `check` returns a value (for rows written in the background after the response). */
export async function eventually<T>(check: () => Promise<T | undefined | null>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}
