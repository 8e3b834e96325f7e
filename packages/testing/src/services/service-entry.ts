import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceIds, type ServiceId } from '@symbia/kit';
import { tierOf } from '@symbia/supervisor';

/** A service to boot: a registry id (found in the repository) or any name with an explicit entry file. */
export type ServiceSpec =
  | ServiceId
  | {
      readonly name: string;
      readonly entry: string;
      /** Defaults to the entry's package folder (two levels above `src/main.ts`). */
      readonly cwd?: string;
      /** Defaults to the registry tier of `name`, else 1. */
      readonly tier?: number;
      /** Extra variables for this service only (they win over everything else). */
      readonly env?: Readonly<Record<string, string>>;
    };

export interface ResolvedServiceSpec {
  readonly name: string;
  readonly entry: string;
  readonly cwd: string;
  readonly tier: number;
  readonly env: Readonly<Record<string, string>>;
}

// packages/testing/src/services/ → repository root.
export const defaultRepositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export function resolveServiceSpec(spec: ServiceSpec, root: string): ResolvedServiceSpec {
  if (typeof spec !== 'string') {
    const entry = path.resolve(spec.entry);
    return {
      name: spec.name,
      entry,
      cwd: spec.cwd ?? path.dirname(path.dirname(entry)),
      tier: spec.tier ?? tierOf(spec.name),
      env: spec.env ?? {},
    };
  }
  if (!(serviceIds as readonly string[]).includes(spec)) {
    throw new Error(`startServices: unknown service "${spec}"; known ids: ${serviceIds.join(', ')}`);
  }
  // `server` is the website, the one service outside services/ (platform.md §1.1).
  const cwd = spec === 'server' ? path.join(root, 'apps', 'website') : path.join(root, 'services', spec);
  const entry = path.join(cwd, 'src', spec === 'server' ? 'server.ts' : 'main.ts');
  return { name: spec, entry, cwd, tier: tierOf(spec), env: {} };
}
