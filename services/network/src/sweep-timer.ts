import type { ServiceApp } from '@symbia/kit';
import type { NetworkFabric } from './domain/index.js';

/**
 * §5.1 maintenance sweep every HEARTBEAT_INTERVAL_MS: stale nodes and expired contracts. The timer never holds the
 * process open and stops with the app.
 */
export function startSweepTimer(app: ServiceApp, fabric: NetworkFabric, intervalMs: number): void {
  const timer = setInterval(() => {
    try {
      const result = fabric.sweep();
      if (result.removedNodes.length > 0 || result.removedContracts.length > 0)
        app.log.debug(
          { removedNodes: result.removedNodes.length, removedContracts: result.removedContracts.length },
          'network sweep',
        );
    } catch (error) {
      app.log.error({ err: error }, 'network sweep failed');
    }
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
