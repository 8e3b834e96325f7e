// Child processes for the identity benchmarks, pinned to one core by the parent:
//   identity: the full identity service (production log level, cheap argon2 unless BENCH_ARGON2=prod)
//   verify:   a trivial route behind @symbia/auth requireAuth, verifying identity's tokens through its JWKS
import { authPlugin, createJwtVerifier, requireAuth } from '@symbia/auth';
import { createService, loadServiceConfig, runService } from '@symbia/kit';
import { z } from 'zod';
import { startBenchIdentity } from '../support/bench-identity.js';

const kind = process.argv[2];

async function startVerify(): Promise<string> {
  const config = loadServiceConfig({
    serviceId: 'bench-verify',
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' },
  });
  const app = await createService({ config, description: 'requireAuth benchmark', logRequests: false });
  const verifier = createJwtVerifier({
    jwksUrl: `${process.env.BENCH_IDENTITY_URL}/.well-known/jwks.json`,
    issuer: 'http://identity.bench',
    audience: 'symbia',
  });
  await app.register(authPlugin, { verifier });
  app.get(
    '/api/hello',
    { preHandler: requireAuth, schema: { response: { 200: z.object({ sub: z.string() }) } } },
    async (request) => ({ sub: request.principal!.id }),
  );
  return (await runService(app, { config })).url;
}

const url =
  kind === 'identity'
    ? await startBenchIdentity({ issuer: 'http://identity.bench', unlimitedRegistration: true })
    : kind === 'verify'
      ? await startVerify()
      : null;
if (!url) throw new Error(`unknown server kind ${kind}`);
process.stderr.write(`BENCH_URL ${url}\n`);
