import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Workspace packages export TypeScript sources under the "source" condition. Vitest's global-setup runner does
 * not apply custom conditions, so map every exported entry of every workspace package to its source file.
 */
function workspaceSourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps', 'services']) {
    const dir = path.join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifestPath = path.join(dir, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, { source?: string }>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (!target.source) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
        const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        aliases.push({ find: new RegExp(`^${escaped}$`), replacement: path.join(dir, entry, target.source) });
      }
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: workspaceSourceAliases() },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // A worker imports the platform once and runs file after file (each file still gets its own databases, and
    // shares the worker's identity process: packages/testing/README.md "Fast, shared test runs"). Two workers on
    // the two-core machine: much of a file's time is spent waiting on PostgreSQL and child processes.
    isolate: false,
    maxWorkers: 2,
    globalSetup: ['./packages/testing/src/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
