import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether a service can run its built JavaScript (`npm run build`): `built` when `dist/main.js` exists and it is
 * newer than every file and folder under the service's src/ and under the src/ of every @symbia package it depends
 * on (a folder's time moves when a file is added or deleted there). A bundle (`dist/service.cjs` beside it,
 * scripts/bundle-service.mjs) holds those packages as they were when it was made; a tsc build loads each
 * package's own build, so that must exist and be newer than the package's src/ as well. Otherwise the sources run,
 * and `reason` says why.
 */
export type BuiltOutput =
  { readonly kind: 'built'; readonly entry: string } | { readonly kind: 'source'; readonly reason: string };

export interface BuiltOutputChecker {
  check(serviceDir: string): Promise<BuiltOutput>;
}

/** What scripts/bundle-service.mjs writes beside the entry; its presence marks a bundled service. */
export const BUNDLE_FILE = 'service.cjs';

interface Workspace {
  readonly dir: string;
  /** @symbia workspaces it needs at run time. */
  readonly deps: readonly string[];
  /** Files a build writes that the workspace's consumers load (the exports' `default` targets). */
  readonly outputs: readonly string[];
  readonly isService?: boolean;
}

type Freshness = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };
type Newest = { readonly path: string; readonly time: number } | undefined;

/** Reads packages/* once; each workspace's sources and build are checked once however many services need them. */
export function createBuiltOutputChecker(root: string): BuiltOutputChecker {
  let packages: Promise<Map<string, Workspace>> | undefined;
  const checked = new Map<string, Promise<Freshness>>();
  const newest = new Map<string, Promise<Newest>>();
  const newestSource = (workspace: Workspace) => {
    let result = newest.get(workspace.dir);
    if (result === undefined) newest.set(workspace.dir, (result = newestUnder(path.join(workspace.dir, 'src'))));
    return result;
  };
  const freshness = (workspace: Workspace) => {
    let result = checked.get(workspace.dir);
    if (result === undefined)
      checked.set(workspace.dir, (result = checkWorkspace(root, workspace, newestSource(workspace))));
    return result;
  };

  return {
    async check(serviceDir) {
      const service = await readWorkspace(serviceDir);
      if (service === undefined) return { kind: 'source', reason: 'no package.json' };
      const entry = path.join(serviceDir, 'dist', 'main.js');
      const bundle = path.join(serviceDir, 'dist', BUNDLE_FILE);
      const bundledAt = await mtime(bundle);
      const outputs = bundledAt === undefined ? [entry] : [entry, bundle];
      const own = await freshness({ ...service, outputs, isService: true });
      if (!own.fresh) return { kind: 'source', reason: own.reason };
      packages ??= readPackages(root);
      const known = await packages;
      // The bundle's own time is the older of its two files (both exist: `own` is fresh).
      const bundleTime = bundledAt === undefined ? undefined : Math.min(bundledAt, (await mtime(entry)) ?? 0);
      for (const name of dependencyClosure(service.deps, known)) {
        const workspace = known.get(name)!;
        const result =
          bundleTime === undefined
            ? await freshness(workspace)
            : sourcesOlderThan(root, await newestSource(workspace), bundleTime);
        if (!result.fresh) return { kind: 'source', reason: result.reason };
      }
      return { kind: 'built', entry };
    },
  };
}

async function checkWorkspace(root: string, workspace: Workspace, newest: Promise<Newest>): Promise<Freshness> {
  const where = path.relative(root, workspace.dir);
  let builtAt = Infinity;
  for (const output of workspace.outputs) {
    const time = await mtime(output);
    // A service names only itself in its own line, so every unbuilt service shares one reason.
    if (time === undefined)
      return { fresh: false, reason: workspace.isService ? 'not built' : `${where} is not built` };
    builtAt = Math.min(builtAt, time);
  }
  return sourcesOlderThan(root, await newest, builtAt);
}

function sourcesOlderThan(root: string, newest: Newest, builtAt: number): Freshness {
  if (newest !== undefined && newest.time >= builtAt) {
    return { fresh: false, reason: `${path.relative(root, newest.path)} changed after the last build` };
  }
  return { fresh: true };
}

/** The @symbia packages `deps` need, directly or through each other (workspace names only). */
function dependencyClosure(deps: readonly string[], known: ReadonlyMap<string, Workspace>): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const workspace = known.get(name);
    if (workspace === undefined || seen.has(name)) return;
    seen.add(name);
    workspace.deps.forEach(visit);
  };
  deps.forEach(visit);
  return [...seen];
}

async function readPackages(root: string): Promise<Map<string, Workspace>> {
  const parent = path.join(root, 'packages');
  const folders = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const found = new Map<string, Workspace>();
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    const workspace = await readWorkspace(path.join(parent, folder.name));
    if (workspace !== undefined) found.set(workspace.name, workspace);
  }
  return found;
}

interface Manifest {
  readonly name?: string;
  readonly dependencies?: Record<string, string>;
  readonly exports?: Record<string, { readonly default?: string } | string>;
}

async function readWorkspace(dir: string): Promise<(Workspace & { readonly name: string }) | undefined> {
  const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return undefined;
  }
  const deps = Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@symbia/'));
  const targets = Object.values(manifest.exports ?? {}).map((target) =>
    typeof target === 'string' ? target : target.default,
  );
  const outputs = targets
    .filter((target): target is string => target !== undefined)
    .map((target) => path.join(dir, target));
  return { name: manifest.name ?? dir, dir, deps, outputs };
}

/** The most recently changed file or folder under `dir` (dir itself included). */
async function newestUnder(dir: string): Promise<{ readonly path: string; readonly time: number } | undefined> {
  const own = await mtime(dir);
  if (own === undefined) return undefined;
  let newest = { path: dir, time: own };
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const times = await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { path: file, time: (await mtime(file)) ?? 0 };
    }),
  );
  for (const candidate of times) if (candidate.time > newest.time) newest = candidate;
  return newest;
}

async function mtime(file: string): Promise<number | undefined> {
  return stat(file).then(
    (info) => info.mtimeMs,
    () => undefined,
  );
}

/**
 * The launcher's line saying how each service runs, e.g. `built (node dist/main.js): identity, catalog · sources
 * (tsx): messaging (services/messaging/src/app.ts changed after the last build), server`. Services with the same
 * reason share it.
 */
export function describeRuntimes(
  services: readonly { readonly name: string; readonly builtEntry?: string; readonly sourceReason?: string }[],
): string {
  const built = services.filter((service) => service.builtEntry !== undefined).map((service) => service.name);
  const byReason = new Map<string, string[]>();
  for (const service of services) {
    if (service.builtEntry !== undefined) continue;
    const reason = service.sourceReason ?? '';
    byReason.set(reason, [...(byReason.get(reason) ?? []), service.name]);
  }
  const sources = [...byReason].map(([reason, names]) => `${names.join(', ')}${reason === '' ? '' : ` (${reason})`}`);
  const parts = [
    ...(built.length > 0 ? [`built (node dist/main.js): ${built.join(', ')}`] : []),
    ...(sources.length > 0 ? [`sources (tsx): ${sources.join(', ')}`] : []),
  ];
  const buildable = services.some((service) => service.sourceReason !== undefined);
  return `${parts.join(' · ')}${buildable ? '; `npm run build` to run the built output' : ''}`;
}
