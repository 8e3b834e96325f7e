// Process entry of the website server (the launcher's `server`, port 5000): build if needed, serve, stop on signal.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { createLogger, exitWithParent } from '@symbia/kit';
import { buildSite, isBuildStale } from './server/ensure-build.js';
import { createPlatformStatusReader } from './server/platform-status.js';
import { createStaticFiles } from './server/static-files.js';
import { loadWebsiteConfig, websiteRoot } from './server/website-config.js';
import { createWebsiteServer } from './server/website-server.js';

// Under the launcher the website stops with it, like every service (runMain does the same for them).
exitWithParent();

const logger = createLogger({ serviceId: 'website', level: process.env.LOG_LEVEL?.trim() || 'info' });

try {
  const config = loadWebsiteConfig(process.env);
  if (config.buildIfStale && (await isBuildStale(websiteRoot, config.distDir))) {
    logger.info('building the website (dist/ is missing or older than its sources)');
    await buildSite(websiteRoot, config.distDir);
  }
  await access(path.join(config.distDir, 'index.html')).catch(() => {
    throw new Error(`${config.distDir}/index.html is missing: run "npm run build -w @symbia/website" first`);
  });
  const server = createWebsiteServer({
    targets: config.targets,
    trustedProxies: config.trustedProxies,
    files: createStaticFiles(config.distDir),
    status: createPlatformStatusReader({ targets: config.targets, timeoutMs: config.statusTimeoutMs, cacheMs: 2000 }),
    onError: (error, url) => logger.error({ err: error, url }, 'request failed'),
  });
  // SSE answers can run for minutes; only idle keep-alive sockets are timed out.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  logger.info({ port: config.port, host: config.host }, 'website listening');
  const stop = () => {
    logger.info('website stopping');
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  logger.fatal({ err: error }, error instanceof Error ? error.message : 'website failed to start');
  process.exitCode = 1;
}
