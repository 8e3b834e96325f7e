import { runServiceMain } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadNetworkConfig } from './config.js';

// No database: the registry, contracts, policies, history and traces live in memory (network.md §1).
runServiceMain({
  loadConfig: () => loadNetworkConfig(),
  buildApp: (deps) => buildApp({ config: deps.config }),
});
