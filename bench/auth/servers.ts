// Child processes for the revocation-overhead benchmark, started and pinned by revocation-overhead.ts:
//   identity: the real identity service (tokens, JWKS, introspection and the revocation feed)
//   plain:    a catalog-like route behind today's verifier: JWKS-verified tokens cached until expiry, no feed
//   checked:  the same route with the revocation feed followed, the verifier screening every request against it
//             and API-key scopes enforced (DESIGN §6)
import {
  authPlugin,
  createApiKeyIntrospector,
  createJwtVerifier,
  createRevocationFeedFollower,
  createServiceTokenClient,
  requireAuth,
} from '@symbia/auth';
import { createService, loadServiceConfig, runService } from '@symbia/kit';
import { z } from 'zod';
import { startBenchIdentity } from '../support/bench-identity.js';

const kind = process.argv[2];
export const BENCH_ISSUER = 'http://identity.revocation-bench';

const item = z.object({ id: z.string(), key: z.string(), name: z.string(), orgId: z.string().nullable() });
const page = {
  items: [1, 2, 3].map((i) => ({
    id: `00000000-0000-7000-8000-00000000000${i}`,
    key: `bench/${i}`,
    name: `Row ${i}`,
    orgId: null,
  })),
  nextCursor: null,
};

/** The full kit in production settings (one access line per request, to /dev/null) and a catalog-like list route. */
async function startResourceServer(withFeed: boolean): Promise<string> {
  const config = loadServiceConfig({
    serviceId: `bench-${kind}`,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' },
  });
  const app = await createService({ config, description: 'revocation-overhead benchmark' });
  const identityUrl = process.env.BENCH_IDENTITY_URL!;
  const serviceTokens = createServiceTokenClient({
    identityUrl,
    serviceId: 'catalog',
    secret: process.env.BENCH_SERVICE_SECRET!,
    logger: app.log,
  });
  const feed = withFeed
    ? createRevocationFeedFollower({
        identityUrl,
        getServiceToken: serviceTokens.getToken,
        invalidateServiceToken: serviceTokens.invalidate,
        logger: app.log,
      })
    : undefined;
  if (feed) {
    app.addHook('onClose', () => feed.close());
    await feed.ready();
  }
  const verifier = createJwtVerifier({
    jwksUrl: `${identityUrl}/.well-known/jwks.json`,
    issuer: BENCH_ISSUER,
    audience: 'symbia',
    logger: app.log,
    revocations: feed?.revocations,
    feed,
  });
  const apiKeys = createApiKeyIntrospector({
    identityUrl,
    getServiceToken: serviceTokens.getToken,
    invalidateServiceToken: serviceTokens.invalidate,
    logger: app.log,
    revocations: feed?.revocations,
    feed,
  });
  await app.register(authPlugin, { verifier, apiKeys, ...(withFeed && { apiKeyScopeDomain: 'catalog' as const }) });
  app.get(
    '/api/resources',
    {
      schema: { response: { 200: z.object({ items: z.array(item), nextCursor: z.string().nullable() }) } },
      preHandler: requireAuth,
    },
    async () => page,
  );
  return (await runService(app, { config })).url;
}

const url =
  kind === 'identity'
    ? await startBenchIdentity({ issuer: BENCH_ISSUER, unlimitedRegistration: true })
    : kind === 'plain' || kind === 'checked'
      ? await startResourceServer(kind === 'checked')
      : null;
if (!url) throw new Error(`unknown server kind ${kind}`);
process.stderr.write(`BENCH_URL ${url}\n`);
