import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type PluginOption, type ProxyOptions } from 'vite';
import { createPlatformStatusReader } from './src/server/platform-status.js';
import { resolveServiceTargets } from './src/server/service-directory.js';
import { isProxyRefusal, matchProxyRoute } from './src/server/service-proxy.js';
import { STATUS_PATH } from './src/server/website-paths.js';

const targets = resolveServiceTargets(process.env);

type Proxy = Parameters<NonNullable<ProxyOptions['configure']>>[0];

/** A stopped service answers 502 with the production server's body, not Vite's bare 500. */
function answerUnavailable(proxy: Proxy, service: string): void {
  proxy.on('error', (_error, _req, res) => {
    if (!('writeHead' in res) || res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: `The ${service} service is not running`, code: 'service_unavailable', service }));
  });
}

/**
 * Identity trusts X-Forwarded-For from loopback under `npm start` (decision 29), so the dev server, like the
 * production one, names its socket peer and drops whatever the browser claimed.
 */
function forwardPeerOnly(proxy: Proxy): void {
  proxy.on('proxyReq', (proxyReq, req) => {
    for (const header of ['forwarded', 'x-real-ip', 'x-client-ip']) proxyReq.removeHeader(header);
    const peer = req.socket.remoteAddress;
    if (peer === undefined) proxyReq.removeHeader('x-forwarded-for');
    else proxyReq.setHeader('x-forwarded-for', peer);
  });
}

/** website-and-cli.md A2, the same rules the production server applies (src/server/service-proxy.ts). */
function proxyRules(): Record<string, ProxyOptions> {
  const rules: Record<string, ProxyOptions> = {};
  for (const target of targets) {
    rules[`/api/${target.id}/`] = {
      target: target.url,
      changeOrigin: true,
      rewrite: (path) => path.replace(`/api/${target.id}/`, '/api/'),
      configure: (proxy) => {
        answerUnavailable(proxy, target.id);
        forwardPeerOnly(proxy);
        proxy.on('proxyReq', (proxyReq, req) => {
          if ((req.url ?? '').includes('/stream')) proxyReq.setHeader('x-accel-buffering', 'no');
        });
      },
    };
    rules[`/svc/${target.id}/`] = {
      target: target.url,
      changeOrigin: true,
      rewrite: (path) => path.replace(`/svc/${target.id}/`, '/'),
      configure: (proxy) => {
        answerUnavailable(proxy, target.id);
        forwardPeerOnly(proxy);
      },
    };
  }
  return rules;
}

export default defineConfig({
  plugins: [
    // The plugin's types resolve against the workspace root's vite (vitest's), this app builds with its own vite 7.
    react() as unknown as PluginOption,
    {
      // Paths that would leave their prefix, and /svc/<service>/metrics, are refused before Vite's proxy
      // normalises them (decision 31): the same answers as the production server.
      name: 'symbia-proxy-confinement',
      configureServer(server) {
        server.middlewares.use((req, res, next) => {
          const route = matchProxyRoute(req.url ?? '/', targets);
          if (route === undefined || !isProxyRefusal(route)) return next();
          res.statusCode = route.status;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ error: route.error, code: route.code }));
        });
      },
    },
    {
      // The status endpoint of the production server, served by the dev server too so the page reads the same.
      name: 'symbia-platform-status',
      configureServer(server) {
        const status = createPlatformStatusReader({ targets, timeoutMs: 1500, cacheMs: 2000 });
        server.middlewares.use(STATUS_PATH, (_req, res) => {
          void status.read().then((body) => {
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.setHeader('cache-control', 'no-store');
            res.end(JSON.stringify(body));
          });
        });
      },
    },
  ],
  resolve: {
    alias: { '@': new URL('./src/web', import.meta.url).pathname },
    // Workspace packages (@symbia/client/sse) are bundled from their TypeScript sources, so no package build comes first.
    conditions: ['source', ...defaultClientConditions],
  },
  server: { host: '0.0.0.0', port: 5000, strictPort: true, allowedHosts: true, proxy: proxyRules() },
  preview: { host: '0.0.0.0', port: 5000, proxy: proxyRules() },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
});
