import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

// What the bundle is made of; a newer file than dist/index.html means the build is stale.
// The SSE reader comes from @symbia/client's sources (vite.config.ts resolves the `source` condition).
const SOURCES = ['index.html', 'vite.config.ts', 'src/web', 'public', '../../packages/client/src/sse'];

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestMtime(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

export async function isBuildStale(websiteRoot: string, distDir: string): Promise<boolean> {
  const built = await stat(path.join(distDir, 'index.html')).catch(() => undefined);
  if (built === undefined) return true;
  const sources = await Promise.all(SOURCES.map((source) => newestMtime(path.join(websiteRoot, source))));
  return Math.max(...sources) > built.mtimeMs;
}

/**
 * Builds with Vite into a scratch folder and swaps it in, so a server already serving the old dist/ never
 * sees a half-written one. Vite is loaded only here: production servers never import it.
 */
export async function buildSite(websiteRoot: string, distDir: string): Promise<void> {
  const { build } = await import('vite');
  const scratch = `${distDir}.building-${process.pid}`;
  await build({
    root: websiteRoot,
    configFile: path.join(websiteRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: scratch, emptyOutDir: true },
  });
  await rm(distDir, { recursive: true, force: true });
  await rename(scratch, distDir);
}
