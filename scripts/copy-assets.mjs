// Run by every workspace's `build` after `tsc -p tsconfig.build.json` (cwd = the workspace): makes dist/ mirror
// src/. Files tsc does not emit (SQL migrations, data files) are copied beside the JavaScript, so
// `new URL('./migrations/', import.meta.url)` finds them from dist/ as it does from src/; and whatever src/ no
// longer has is removed from dist/, so a deleted migration is never applied from a stale build.
// scripts/bundle-service.mjs imports `copyAssets` to put the same files beside a service's bundle.
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// What tsc writes for `x.ts`: x.js, x.js.map, x.d.ts, x.d.ts.map.
const EMITTED = /\.(?:js\.map|js|d\.ts\.map|d\.ts)$/;

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch((error) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** Copies every file of `<workspace>/src` that is not TypeScript to the same place under `<workspace>/dist`. */
export async function copyAssets(workspace) {
  const srcDir = path.join(workspace, 'src');
  const distDir = path.join(workspace, 'dist');
  const assets = (await listFiles(srcDir)).filter((file) => !file.endsWith('.ts'));
  for (const file of assets) {
    const to = path.join(distDir, file);
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(path.join(srcDir, file), to);
  }
  return assets;
}

/** Deletes from `<workspace>/dist` whatever tsc would not emit from, or copy out of, today's src/. */
async function removeStale(workspace) {
  const sourceSet = new Set(await listFiles(path.join(workspace, 'src')));
  const distDir = path.join(workspace, 'dist');
  let removed = 0;
  for (const file of await listFiles(distDir)) {
    const origin = EMITTED.test(file) ? file.replace(EMITTED, '.ts') : file;
    if (sourceSet.has(origin)) continue;
    await rm(path.join(distDir, file));
    removed += 1;
  }
  return removed;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.cwd();
  const assets = await copyAssets(root);
  const removed = await removeStale(root);
  if (assets.length > 0 || removed > 0) {
    const name = path.relative(path.resolve(root, '..', '..'), root) || root;
    process.stdout.write(
      `${name}: ${assets.length} asset${assets.length === 1 ? '' : 's'} copied to dist/, ${removed} stale file${removed === 1 ? '' : 's'} removed\n`,
    );
  }
}
