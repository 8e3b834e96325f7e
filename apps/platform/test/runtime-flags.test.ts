import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ServiceId } from '@symbia/kit';
import { runtimeFlags } from '../src/runtime-flags.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('runtimeFlags', () => {
  it("are also in each service's own `npm start`, so running a service alone gives it the same runtime", () => {
    const entries = Object.entries(runtimeFlags) as [ServiceId, readonly string[]][];
    expect(entries.length).toBeGreaterThan(0);
    for (const [service, flags] of entries) {
      const manifest = JSON.parse(readFileSync(`${repoRoot}services/${service}/package.json`, 'utf8')) as {
        scripts: { start: string };
      };
      for (const flag of flags) expect(manifest.scripts.start.split(' ')).toContain(flag);
    }
  });
});
