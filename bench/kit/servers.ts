// The servers compared by kit-overhead: each answers GET /api/hello with {"hello":"world"}.
// Run as a child process: `node --conditions=source --import tsx bench/kit/servers.ts <kind>` (kinds at the end).
import http from 'node:http';
import Fastify from 'fastify';
import { z } from 'zod';
import {
  createAccessLogWriter,
  createLogger,
  createService,
  loadServiceConfig,
  requestIdFrom,
  runService,
  securityHeaders,
} from '@symbia/kit';

const kind = process.argv[2];

async function startKit(): Promise<string> {
  // Full kit: request ids, trace context, CORS, security headers, metrics, one log line per request (to stdout).
  const config = loadServiceConfig({
    serviceId: 'bench-kit',
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' },
  });
  const app = await createService({
    config,
    description: 'kit benchmark',
    logRequests: process.env.BENCH_LOG !== 'off',
  });
  app.get('/api/hello', { schema: { response: { 200: z.object({ hello: z.string() }) } } }, async () => ({
    hello: 'world',
  }));
  const running = await runService(app, { config });
  return running.url;
}

async function startFastify(): Promise<string> {
  const app = Fastify({ logger: false });
  app.get('/api/hello', async () => ({ hello: 'world' }));
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function startFastifyWithHeaders(): Promise<string> {
  // Bare Fastify sending the same response headers as the kit in production (security headers and a request id),
  // and nothing else of the kit: shows how much of the kit's cost is these headers, which every response must carry.
  const headers = securityHeaders({ production: true });
  const app = Fastify({ logger: false });
  app.get('/api/hello', async (request, reply) => {
    reply.headers(headers).header('x-request-id', requestIdFrom(request.headers));
    return { hello: 'world' };
  });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function startFastifyRequired(): Promise<string> {
  // Bare Fastify doing only what the platform requires of every response, the plain way: the same six headers
  // through Fastify's header API, a request id, and the kit's one access line per request from an onResponse
  // hook. No metrics, zod, CORS or trace context.
  const headers = securityHeaders({ production: true });
  const writeAccessLine = createAccessLogWriter(
    createLogger({ serviceId: 'bench-required', level: 'info' }),
    'bench-required',
  );
  const app = Fastify({ logger: false, genReqId: (req) => requestIdFrom(req.headers) });
  app.addHook('onResponse', (request, reply, done) => {
    writeAccessLine({
      time: Date.now(),
      requestId: request.id,
      traceId: undefined,
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      ms: reply.elapsedTime,
    });
    done();
  });
  app.get('/api/hello', async (request, reply) => {
    reply.headers(headers).header('x-request-id', request.id);
    return { hello: 'world' };
  });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function startNode(): Promise<string> {
  const body = JSON.stringify({ hello: 'world' });
  const server = http.createServer((req, res) => {
    if (req.url === '/api/hello') {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
  return `http://127.0.0.1:${address.port}`;
}

const starters: Record<string, () => Promise<string>> = {
  kit: startKit,
  fastify: startFastify,
  'fastify-headers': startFastifyWithHeaders,
  'fastify-required': startFastifyRequired,
  node: startNode,
};
const start = kind ? starters[kind] : undefined;
if (!start) throw new Error(`usage: servers.ts <${Object.keys(starters).join('|')}>`);
const url = await start();
// The parent reads this line on stderr (stdout carries the kit's logs).
process.stderr.write(`BENCH_URL ${url}\n`);
if (kind?.startsWith('fastify')) process.once('SIGTERM', () => process.exit(0));
