import { envPrefix, serviceTiers } from '@symbia/kit';

/** The start tier of a service id (kit's registry); names outside the registry start with tier 1. */
export function tierOf(name: string): number {
  return (serviceTiers as Readonly<Record<string, number>>)[name] ?? 1;
}

/** Groups items into tiers, lowest first, keeping the given order inside a tier. */
export function groupByTier<T>(items: readonly T[], tier: (item: T) => number): T[][] {
  const byTier = new Map<number, T[]>();
  for (const item of items) {
    const key = tier(item);
    byTier.set(key, [...(byTier.get(key) ?? []), item]);
  }
  return [...byTier.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** `{ IDENTITY_SERVICE_URL: …, … }` for the given name → URL map (the shared resolver reads these). */
export function serviceUrlEnv(urls: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${envPrefix(name)}_SERVICE_URL`, url]));
}
