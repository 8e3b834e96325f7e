// Run by every workspace's `build` after `tsc -p tsconfig.build.json` (cwd = the workspace): makes dist/ mirror
// src/. Files tsc does not emit (SQL migrations, data files) are copied beside the JavaScript, so
// `new URL('./migrations/', import.meta.url)` finds them from dist/ as it does from src/; and whatever src/ no
// longer has is removed from dist/, so a deleted migration is never applied from a stale build.
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

const root = process.cwd();
const srcDir = path.join(root, 'src');
const distDir = path.join(root, 'dist');

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

const sources = await listFiles(srcDir);
const sourceSet = new Set(sources);
const assets = sources.filter((file) => !file.endsWith('.ts'));

for (const file of assets) {
  const to = path.join(distDir, file);
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(path.join(srcDir, file), to);
}

let removed = 0;
for (const file of await listFiles(distDir)) {
  const origin = EMITTED.test(file) ? file.replace(EMITTED, '.ts') : file;
  if (sourceSet.has(origin)) continue;
  await rm(path.join(distDir, file));
  removed += 1;
}

if (assets.length > 0 || removed > 0) {
  const name = path.relative(path.resolve(root, '..', '..'), root) || root;
  process.stdout.write(
    `${name}: ${assets.length} asset${assets.length === 1 ? '' : 's'} copied to dist/, ${removed} stale file${removed === 1 ? '' : 's'} removed\n`,
  );
}
