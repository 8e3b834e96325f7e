import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { serviceIds, type ServiceId } from '@symbia/kit';
import { tierOf } from '@symbia/supervisor';
import { createBuiltOutputChecker } from './built-output.js';

export interface DiscoveredService {
  readonly name: ServiceId;
  /** The TypeScript entry (src/main.ts), run through tsx unless `builtEntry` is set. */
  readonly entry: string;
  /** dist/main.js when the build is present and fresh (built-output.ts): run with plain `node`, no loader. */
  readonly builtEntry?: string;
  /** Why the sources run, for a service that has a build step (not built, or a source changed since). */
  readonly sourceReason?: string;
  /** The service's own folder, so relative paths it reads (data/, migrations/) resolve as in production. */
  readonly cwd: string;
  readonly tier: number;
}

export interface Discovery {
  readonly services: readonly DiscoveredService[];
  /** Folders under services/ that look like services but are not a known service id. */
  readonly ignored: readonly string[];
}

// `server` is the website's reserved id (platform.md §1.1); it lives in apps/website, not services/.
const WEBSITE_ID = 'server';
const WEBSITE_ENTRY = path.join('apps', 'website', 'src', 'server.ts');

/**
 * Services are `services/<id>/` folders with a package.json and src/main.ts whose name is a known
 * service id, plus the website server when apps/website/src/server.ts exists. Ordered by tier, then by
 * the registry's order, so the plan reads the same on every machine. A service whose `npm run build`
 * output is fresh runs from dist/; the website server always runs from its sources.
 */
export async function discoverServices(root: string): Promise<Discovery> {
  const servicesDir = path.join(root, 'services');
  const folders = await readdir(servicesDir, { withFileTypes: true }).catch(() => []);
  const found: DiscoveredService[] = [];
  const ignored: string[] = [];
  const builds = createBuiltOutputChecker(root);
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    const cwd = path.join(servicesDir, folder.name);
    const entry = path.join(cwd, 'src', 'main.ts');
    if (!(await exists(path.join(cwd, 'package.json'))) || !(await exists(entry))) continue;
    if (!isServiceId(folder.name) || folder.name === WEBSITE_ID) {
      ignored.push(folder.name);
      continue;
    }
    const built = await builds.check(cwd);
    const runs = built.kind === 'built' ? { builtEntry: built.entry } : { sourceReason: built.reason };
    found.push({ name: folder.name, entry, cwd, tier: tierOf(folder.name), ...runs });
  }
  const websiteEntry = path.join(root, WEBSITE_ENTRY);
  if (await exists(websiteEntry)) {
    const cwd = path.join(root, 'apps', 'website');
    found.push({ name: WEBSITE_ID, entry: websiteEntry, cwd, tier: tierOf(WEBSITE_ID) });
  }
  const order = (name: ServiceId) => serviceIds.indexOf(name);
  found.sort((a, b) => a.tier - b.tier || order(a.name) - order(b.name));
  return { services: found, ignored: ignored.sort() };
}

export function isServiceId(name: string): name is ServiceId {
  return (serviceIds as readonly string[]).includes(name);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
