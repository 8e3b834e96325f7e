import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceStartError } from '@symbia/supervisor';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '../src/index.js';

const peerService = fileURLToPath(new URL('./fixtures/peer-service.ts', import.meta.url));
const fixture = (name: string) => ({ name, entry: peerService, env: { FIXTURE_NAME: name } });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startServices', () => {
  let database: TestDatabase;
  let platform: StartedServices;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'services' });
    platform = await startServices({
      services: [fixture('catalog'), fixture('identity')],
      databaseUrl: database.url,
      onLine: (name, line) => lines.push(`${name}: ${line}`),
    });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
  });

  it('boots each service on its own port with a ready database', async () => {
    expect(Object.keys(platform.urls).sort()).toEqual(['catalog', 'identity']);
    expect(platform.urls.identity).not.toBe(platform.urls.catalog);
    for (const url of Object.values(platform.urls)) {
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    }
    expect(platform.get('identity').url).toBe(platform.urls.identity);
    expect(() => platform.get('runtime')).toThrow('"runtime" is not running');
  });

  it('lets the services reach each other through <ID>_SERVICE_URL', async () => {
    const fromCatalog = await (await fetch(`${platform.urls.catalog}/peer/identity`)).json();
    const fromIdentity = await (await fetch(`${platform.urls.identity}/peer/catalog`)).json();
    expect(fromCatalog).toMatchObject({ name: 'identity', nodeEnv: 'test' });
    expect(fromIdentity).toMatchObject({ name: 'catalog', nodeEnv: 'test' });
  });

  it('gives every service the same freshly generated secrets', async () => {
    const expected = createHash('sha256').update(platform.secrets.INTERNAL_SERVICE_SECRET!).digest('hex').slice(0, 16);
    const identity = (await (await fetch(`${platform.urls.identity}/whoami`)).json()) as { secretFingerprint: string };
    const catalog = (await (await fetch(`${platform.urls.catalog}/whoami`)).json()) as { secretFingerprint: string };
    expect(identity.secretFingerprint).toBe(expected);
    expect(catalog.secretFingerprint).toBe(expected);
    expect(Buffer.from(platform.secrets.CREDENTIAL_ENCRYPTION_KEY!, 'base64')).toHaveLength(32);
  });

  it('starts identity (tier 1) before catalog (tier 2)', () => {
    const identityListening = lines.findIndex((line) => line.startsWith('identity: identity listening'));
    const catalogListening = lines.findIndex((line) => line.startsWith('catalog: catalog listening'));
    expect(identityListening).toBeGreaterThanOrEqual(0);
    expect(catalogListening).toBeGreaterThan(identityListening);
  });

  it('stops every service', async () => {
    const pids = ['identity', 'catalog'].map((name) => platform.get(name).pid);
    await platform.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(lines).toContain('catalog: catalog received SIGTERM');
  });
});

describe('startServices failures', () => {
  it('rejects with the cause and leaves nothing running when a service never gets ready', async () => {
    const closedDatabase = 'postgres://nobody:nothing@127.0.0.1:1/none';
    const error = await startServices({
      services: [fixture('identity')],
      databaseUrl: closedDatabase,
      readyTimeoutMs: 1_500,
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as ServiceStartError).message).toContain(
      'identity failed to start: did not become ready within 1.5s',
    );
    const pid = (error as ServiceStartError).pid!;
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it('refuses an unknown service id with the known ones listed', async () => {
    await expect(startServices({ services: ['nope' as 'identity'], databaseUrl: 'postgres://x' })).rejects.toThrow(
      'unknown service "nope"; known ids: identity',
    );
  });
});
