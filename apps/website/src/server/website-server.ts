import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TrustedProxies } from './client-address.js';
import type { PlatformStatusReader } from './platform-status.js';
import type { ServiceTarget } from './service-directory.js';
import { isProxyRefusal, matchProxyRoute, proxyRequest } from './service-proxy.js';
import type { StaticFile, StaticFiles } from './static-files.js';
import { STATUS_PATH } from './website-paths.js';

export interface WebsiteServerDeps {
  readonly targets: readonly ServiceTarget[];
  readonly files: StaticFiles;
  readonly status: PlatformStatusReader;
  /** Proxies in front of the website whose X-Forwarded-For is passed on; nobody's by default. */
  readonly trustedProxies?: TrustedProxies;
  readonly onError?: (error: unknown, url: string) => void;
}

// The page loads nothing from other origins; inline styles are React's style props.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const NOBODY: TrustedProxies = { has: () => false };

/** The production website: built files, the A2 proxy rules and the status endpoint. Never listens by itself. */
export function createWebsiteServer(deps: WebsiteServerDeps): Server {
  return createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      deps.onError?.(error, req.url ?? '');
      if (!res.headersSent) json(res, 500, { error: 'The website server failed to answer', code: 'internal_error' });
      else res.destroy();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: WebsiteServerDeps): Promise<void> {
  const url = req.url ?? '/';
  const route = matchProxyRoute(url, deps.targets);
  if (route !== undefined && isProxyRefusal(route))
    return json(res, route.status, { error: route.error, code: route.code });
  if (route !== undefined) return proxyRequest(req, res, route, deps.trustedProxies ?? NOBODY);
  if (url.startsWith('/api/') || url.startsWith('/svc/')) {
    return json(res, 404, { error: `No service is routed at ${url.split('?')[0]}`, code: 'unknown_service' });
  }
  const pathname = url.split('?')[0] ?? '/';
  if (pathname === '/health' || pathname === '/health/live')
    return json(res, 200, { status: 'ok', service: 'website' });
  if (pathname === '/health/ready') {
    const index = await deps.files.lookup('/index.html');
    return index
      ? json(res, 200, { status: 'ok', service: 'website' })
      : json(res, 503, { status: 'not_ready', reason: 'dist/index.html is missing' });
  }
  if (pathname === STATUS_PATH) return json(res, 200, await deps.status.read());
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    return void res.end();
  }
  const file = await deps.files.lookup(pathname);
  if (file === undefined) return json(res, 404, { error: `Not found: ${pathname}`, code: 'not_found' });
  sendFile(req, res, file);
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  const headers: Record<string, string | number> = {
    'content-type': file.type,
    'cache-control': file.cacheControl,
    etag: file.etag,
    vary: 'accept-encoding',
    ...(file.type.startsWith('text/html') ? PAGE_HEADERS : { 'x-content-type-options': 'nosniff' }),
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const gzip = file.gzip !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzip! : file.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
