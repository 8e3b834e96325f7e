// `npm run build`: type-checks the repository once (`npm run typecheck`), then runs the `build` script of every
// workspace that has one, in dependency order: a workspace starts once every @symbia workspace it depends on is
// built (packages, then apps), side by side up to one per CPU. A workspace's build only emits (`noCheck` in its
// tsconfig.build.json): checking each one alone would check the shared packages' sources once per dependent.
// A service (services/<name> with src/main.ts) is bundled instead (scripts/bundle-service.mjs: one file with its
// packages, from their sources, and its dependencies), so it waits for nothing; a folder under services/ without
// a main.ts yet runs its own `build`. `--skip-typecheck` skips the first step, for CI, which has just run it.
// Workspace folders given as arguments (`npm run build -- services/catalog`) build only those and the workspaces
// they depend on. Stops at the first failure with exit 1.
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleService, describeBundle, isBundledService } from './bundle-service.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** Every workspace named by the root package.json's `workspaces` globs (`dir/*` only). */
async function listWorkspaces() {
  const { workspaces } = await readJson(path.join(root, 'package.json'));
  const found = [];
  for (const pattern of workspaces) {
    if (!pattern.endsWith('/*')) throw new Error(`unsupported workspaces pattern "${pattern}"`);
    const parent = path.join(root, pattern.slice(0, -2));
    for (const entry of await readdir(parent, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(parent, entry.name);
      const manifest = await readJson(path.join(dir, 'package.json')).catch(() => undefined);
      if (manifest === undefined) continue;
      // Runtime dependencies only: a service's test harness (a devDependency) is not needed to build it.
      const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
      const bundled = pattern === 'services/*' && (await isBundledService(dir));
      found.push({
        name: manifest.name,
        dir: path.relative(root, dir),
        // A bundle reads the packages' sources, not their builds: it waits for nothing.
        deps: bundled ? [] : deps,
        build: bundled ? 'bundle' : manifest.scripts?.build !== undefined ? 'script' : undefined,
      });
    }
  }
  const names = new Set(found.map((workspace) => workspace.name));
  return found.map((workspace) => ({ ...workspace, deps: workspace.deps.filter((dep) => names.has(dep)) }));
}

async function runBundle(dir) {
  const started = Date.now();
  try {
    const written = await bundleService(path.join(root, dir));
    process.stdout.write(`${describeBundle(dir, written)}\n`);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    process.stderr.write(`${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return { ok: false, code: 'bundling failed', ms: Date.now() - started };
  }
}

function runScript(dir, script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', script, '--silent'], { cwd: path.join(root, dir), stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve({ ok: code === 0, code: code ?? signal, ms: Date.now() - started }));
    child.on('error', (error) => resolve({ ok: false, code: error.message, ms: Date.now() - started }));
  });
}

const args = process.argv.slice(2);
const skipTypecheck = args.includes('--skip-typecheck');
const wanted = args.filter((arg) => arg !== '--skip-typecheck').map((arg) => path.normalize(arg).replace(/\/$/, ''));
const workspaces = await listWorkspaces();
const unknown = wanted.filter((dir) => !workspaces.some((workspace) => workspace.dir === dir));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown workspace ${unknown.join(', ')}; usage: npm run build [-- --skip-typecheck] [workspace folder…], ` +
      `e.g. services/catalog\n`,
  );
  process.exit(2);
}
if (!skipTypecheck) {
  const checked = await runScript('.', 'typecheck');
  if (!checked.ok) {
    process.stderr.write('build stopped: the type check failed\n');
    process.exit(1);
  }
  process.stdout.write(`type-checked in ${(checked.ms / 1000).toFixed(1)} s\n`);
}

const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));
const pending = new Set();
const include = (workspace) => {
  if (pending.has(workspace.name)) return;
  pending.add(workspace.name);
  for (const dep of workspace.deps) include(byName.get(dep));
};
for (const workspace of workspaces) if (wanted.length === 0 || wanted.includes(workspace.dir)) include(workspace);
const done = new Set();
const running = new Map();
const limit = Math.max(1, availableParallelism());
const started = Date.now();
let failed;

/** Starts every workspace whose dependencies are built, up to `limit` at a time; one without a build is done. */
function schedule() {
  for (let progressed = true; progressed;) {
    progressed = false;
    for (const name of pending) {
      if (running.size >= limit) return;
      const workspace = byName.get(name);
      if (!workspace.deps.every((dep) => done.has(dep))) continue;
      pending.delete(name);
      progressed = true;
      if (workspace.build === undefined) {
        done.add(name);
        continue;
      }
      const building = workspace.build === 'bundle' ? runBundle(workspace.dir) : runScript(workspace.dir, 'build');
      running.set(
        name,
        building.then((result) => ({ name, ...result })),
      );
    }
  }
}

while (failed === undefined) {
  schedule();
  if (running.size === 0) {
    if (pending.size > 0) failed = `a dependency cycle among ${[...pending].join(', ')}`;
    break;
  }
  const result = await Promise.race(running.values());
  running.delete(result.name);
  if (!result.ok) failed = `${result.name} failed (${result.code})`;
  else {
    done.add(result.name);
    process.stdout.write(`built ${byName.get(result.name).dir} in ${(result.ms / 1000).toFixed(1)} s\n`);
  }
}

if (failed !== undefined) {
  await Promise.all(running.values());
  process.stderr.write(`build stopped: ${failed}\n`);
  process.exit(1);
}
process.stdout.write(`built ${done.size} workspaces in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
