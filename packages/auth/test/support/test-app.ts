import { createService, loadServiceConfig, type ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { authPlugin, type AuthPluginOptions } from '../../src/index.js';

/** A real kit service (its error handler maps AppError → `{error, code, requestId}`) with authPlugin registered. */
export async function buildTestApp(
  options: AuthPluginOptions,
  routes: (app: ServiceApp) => void,
): Promise<{ app: ServiceApp; logs: ReturnType<typeof createLogCapture> }> {
  const logs = createLogCapture();
  const config = loadServiceConfig({ serviceId: 'auth-test', env: { NODE_ENV: 'test', LOG_LEVEL: 'info' } });
  const app = await createService({
    config,
    description: '@symbia/auth guards under test',
    logDestination: logs.destination,
  });
  await app.register(authPlugin, options);
  routes(app);
  await app.ready();
  return { app, logs };
}
