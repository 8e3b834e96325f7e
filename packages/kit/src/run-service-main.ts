import type { FastifyInstance } from 'fastify';
import type { BaseServiceConfig } from './config/load-service-config.js';
import { runMain } from './run-main.js';
import { runService } from './run-service.js';

/** The steps of a service's `main.ts`, each the service's own function. */
export interface ServiceMainSteps<TConfig extends BaseServiceConfig, TDatabase> {
  loadConfig(): TConfig;
  /**
   * Opens the service's database, migrated (`@symbia/db`'s `openMigratedDatabase`). A service without a database
   * (network keeps its state in memory, network.md §1) leaves it out and gets `database: undefined`.
   */
  openDatabase?(config: TConfig): Promise<TDatabase>;
  buildApp(deps: { config: TConfig; database: TDatabase }): Promise<FastifyInstance>;
}

/**
 * The whole of a service's `main.ts` (STYLE rule 1): load the config, open the migrated database, build the app,
 * then listen and own the signals (`runService`), inside `runMain` so a bad configuration exits 1 naming the variable.
 */
export function runServiceMain<TConfig extends BaseServiceConfig, TDatabase>(
  steps: ServiceMainSteps<TConfig, TDatabase>,
): void {
  runMain(async () => {
    const config = steps.loadConfig();
    const database = (await steps.openDatabase?.(config)) as TDatabase;
    const app = await steps.buildApp({ config, database });
    await runService(app, { config });
  });
}
