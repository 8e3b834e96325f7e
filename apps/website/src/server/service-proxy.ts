import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isWebsiteServiceId, type ServiceTarget } from './service-directory.js';

export interface ProxyRoute {
  readonly target: ServiceTarget;
  /** Path and query on the service. */
  readonly path: string;
}

/**
 * website-and-cli.md A2: `/api/<service>/<rest>` → `<service>/api/<rest>`, `/svc/<service>/<rest>` →
 * `<service>/<rest>`. Anything else (or an unknown service) is not a proxy route.
 */
export function matchProxyRoute(url: string, targets: readonly ServiceTarget[]): ProxyRoute | undefined {
  const match = /^\/(api|svc)\/([a-z]+)(\/[^?]*)?(\?.*)?$/.exec(url);
  if (match === null) return undefined;
  const [, kind, name, rest = '', query = ''] = match;
  if (name === undefined || !isWebsiteServiceId(name)) return undefined;
  const target = targets.find((candidate) => candidate.id === name);
  if (target === undefined) return undefined;
  const tail = rest === '' ? '/' : rest;
  return { target, path: `${kind === 'api' ? `/api${rest}` : tail}${query}` };
}

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host',
]);

function forwardHeaders(req: IncomingMessage, target: URL): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  // changeOrigin: the service sees its own host; the browser's is kept in X-Forwarded-Host.
  headers.host = target.host;
  const client = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${String(prior)}, ${client}` : client;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  if ((req.url ?? '').includes('/stream')) headers['x-accel-buffering'] = 'no';
  return headers;
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Streams the request to the service and the answer back as bytes arrive: no buffering, so SSE frames reach
 * the browser one by one (DESIGN §7). The browser going away aborts the upstream call, which lets messaging
 * abort the model call behind it.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, route: ProxyRoute): void {
  const target = new URL(route.path, `${route.target.url}/`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers: forwardHeaders(req, target) });
  let finished = false;

  upstream.on('response', (answer) => {
    const headers = responseHeaders(answer.headers);
    const streaming = String(answer.headers['content-type'] ?? '').includes('text/event-stream');
    if (streaming) headers['x-accel-buffering'] = 'no';
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
    if (streaming) {
      res.socket?.setNoDelay(true);
      res.flushHeaders();
    }
    answer.on('data', (chunk: Buffer) => res.write(chunk));
    answer.on('end', () => {
      finished = true;
      res.end();
    });
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (res.writableEnded || res.destroyed) return;
    const unreachable = error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN';
    sendJson(res, 502, {
      error: unreachable ? `The ${route.target.id} service is not running` : `The ${route.target.id} service did not answer`,
      code: 'service_unavailable',
      service: route.target.id,
    });
  });
  res.on('close', () => {
    if (!finished) upstream.destroy();
  });
  req.pipe(upstream);
}
