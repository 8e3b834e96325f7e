import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { forwardedFor, type TrustedProxies } from './client-address.js';
import { isWebsiteServiceId, type ServiceTarget } from './service-directory.js';
import { createUpstreamAgent } from './upstream-agent.js';

export interface ProxyRoute {
  readonly target: ServiceTarget;
  /** Path and query on the service. */
  readonly path: string;
}

/** A proxy path the website answers itself: a path that would leave its prefix, or one not served publicly. */
export interface ProxyRefusal {
  readonly status: 400 | 404;
  readonly code: 'invalid_path' | 'not_found';
  readonly error: string;
}

// Served on each service's own port for the platform's scrapers, never through the public website.
const PRIVATE_SERVICE_PATHS = new Set(['/metrics']);

/**
 * website-and-cli.md A2: `/api/<service>/<rest>` → `<service>/api/<rest>`, `/svc/<service>/<rest>` →
 * `<service>/<rest>`. Anything else (or an unknown service) is not a proxy route. `<rest>` is confined to its
 * prefix: a dot segment, an encoded slash or backslash, a backslash or an empty segment (all of which URL
 * parsers and routers resolve differently) is refused rather than normalised, and `/metrics` stays private.
 */
export function matchProxyRoute(url: string, targets: readonly ServiceTarget[]): ProxyRoute | ProxyRefusal | undefined {
  const match = /^\/(api|svc)\/([a-z]+)(\/[^?]*)?(\?.*)?$/.exec(url);
  if (match === null) return undefined;
  const [, kind, name, rest = '', query = ''] = match;
  if (name === undefined || !isWebsiteServiceId(name)) return undefined;
  const target = targets.find((candidate) => candidate.id === name);
  if (target === undefined) return undefined;
  const segments = decodedSegments(rest);
  if (segments === undefined)
    return {
      status: 400,
      code: 'invalid_path',
      error: `The path ${url.split('?')[0]} is not allowed: it may not contain dot segments, encoded slashes, backslashes or empty segments`,
    };
  const path = kind === 'api' ? `/api${rest}` : rest === '' ? '/' : rest;
  if (kind === 'svc' && PRIVATE_SERVICE_PATHS.has(`/${segments.join('/')}`.toLowerCase())) {
    return { status: 404, code: 'not_found', error: `Not found: ${url.split('?')[0]}` };
  }
  // Belt and braces: whatever the service's URL parser makes of it stays on the service, under its prefix.
  const resolved = new URL(path, `${target.url}/`);
  const base = new URL(`${target.url}/`);
  if (
    resolved.origin !== base.origin ||
    (kind === 'api' && resolved.pathname !== '/api' && !resolved.pathname.startsWith('/api/'))
  ) {
    return { status: 400, code: 'invalid_path', error: `The path ${url.split('?')[0]} is not allowed` };
  }
  return { target, path: `${path}${query}` };
}

export const isProxyRefusal = (match: ProxyRoute | ProxyRefusal): match is ProxyRefusal => 'code' in match;

/** The decoded segments after the service name (a trailing slash allowed), or undefined when one is unsafe. */
function decodedSegments(rest: string): string[] | undefined {
  if (rest.includes('\\')) return undefined;
  const raw = rest.split('/').slice(1);
  if (raw.at(-1) === '') raw.pop();
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) return undefined;
    segments.push(decoded);
  }
  return segments;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
// Other spellings of "who the client is": the website writes X-Forwarded-For only, so these never pass.
const CLIENT_CLAIMS = new Set(['forwarded', 'x-real-ip', 'x-client-ip']);

function forwardHeaders(req: IncomingMessage, target: URL, trusted: TrustedProxies): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !CLIENT_CLAIMS.has(name)) headers[name] = value;
  }
  // changeOrigin: the service sees its own host; the browser's is kept in X-Forwarded-Host.
  headers.host = target.host;
  headers['x-forwarded-for'] = forwardedFor(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted);
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

const upstreamAgent = createUpstreamAgent();

/**
 * Streams the request to the service and the answer back as bytes arrive: no buffering, so SSE frames reach
 * the browser one by one (DESIGN §7), and backpressure on either side pauses the other. The browser going away
 * aborts the upstream call, which lets messaging abort the model call behind it. Once the service has answered,
 * its answer is what the browser gets: a service that refuses a body early (413) closes the connection while
 * the body is still arriving, and that closed connection is not a 502.
 */
export function proxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: ProxyRoute,
  trusted: TrustedProxies,
): void {
  const target = new URL(route.path, `${route.target.url}/`);
  const headers = forwardHeaders(req, target, trusted);
  const upstream =
    target.protocol === 'https:'
      ? httpsRequest(target, { method: req.method, headers })
      : httpRequest(target, { method: req.method, headers, agent: upstreamAgent });
  let answered = false;
  let finished = false;

  upstream.on('response', (answer) => {
    answered = true;
    // The rest of the body has no reader any more: it is read and dropped, as Node does for an unread request.
    req.unpipe(upstream);
    req.resume();
    const answerHeaders = responseHeaders(answer.headers);
    const streaming = String(answer.headers['content-type'] ?? '').includes('text/event-stream');
    if (streaming) answerHeaders['x-accel-buffering'] = 'no';
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answerHeaders);
    if (streaming) {
      res.socket?.setNoDelay(true);
      res.flushHeaders();
    }
    answer.on('end', () => {
      finished = true;
      endAfterRequest(req, res);
    });
    answer.on('error', () => res.destroy());
    answer.pipe(res, { end: false });
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    // After the answer began, the answer's own end or error decides (a refused body's EPIPE changes nothing).
    if (answered || res.writableEnded || res.destroyed) return;
    const unreachable = error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN';
    sendJson(res, 502, {
      error: unreachable
        ? `The ${route.target.id} service is not running`
        : `The ${route.target.id} service did not answer`,
      code: 'service_unavailable',
      service: route.target.id,
    });
  });
  res.on('close', () => {
    if (!finished) upstream.destroy();
  });
  req.pipe(upstream);
}

// How long an answered request's remaining body is read before the answer is ended anyway.
const DRAIN_LIMIT_MS = 10_000;

/**
 * Ends the answer once the browser has sent its whole body. A connection closed with body bytes unread is
 * reset, and a reset can destroy the answer before the browser reads it: the very 413 it needs to see.
 */
function endAfterRequest(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || req.destroyed) return void res.end();
  const end = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(end, DRAIN_LIMIT_MS).unref();
  req.once('end', end);
  req.once('close', end);
}
