import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTraversable } from '../src/embedded/data-dir.js';

describe('ensureTraversable', () => {
  it('adds only the search bit for others on private ancestors, and says which', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'symbia-traverse-'));
    const inner = path.join(base, 'private', 'checkout');
    await mkdir(inner, { recursive: true, mode: 0o700 });
    const warnings: unknown[] = [];
    // An account that owns nothing here, like the postgres user facing a root-owned checkout.
    await ensureTraversable(inner, { uid: 54_321, gid: 54_321 }, { warn: (obj) => warnings.push(obj) });
    for (const dir of [inner, path.dirname(inner), base]) {
      expect((await stat(dir)).mode & 0o777, dir).toBe(0o701);
    }
    expect(JSON.stringify(warnings)).toContain(inner);
  });

  it('changes nothing that is already searchable', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'symbia-traverse-'));
    const open = path.join(base, 'open');
    await mkdir(open, { mode: 0o755 });
    const warnings: unknown[] = [];
    const { uid, gid } = await stat(open);
    await ensureTraversable(open, { uid, gid }, { warn: (obj) => warnings.push(obj) });
    expect((await stat(open)).mode & 0o777).toBe(0o755);
    expect(warnings).toEqual([]);
  });
});
