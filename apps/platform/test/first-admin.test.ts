import { mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveFirstAdmin } from '../src/first-admin.js';

const tty = () => Object.assign(new PassThrough(), { isTTY: true });

describe('resolveFirstAdmin', () => {
  it('keeps SYMBIA_ADMIN_EMAIL from the environment without asking', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'symbia-admin-'));
    const env = { SYMBIA_ADMIN_EMAIL: 'a@b.co', SYMBIA_ADMIN_PASSWORD: 'x'.repeat(16) };
    expect(await resolveFirstAdmin({ env, home, startsIdentity: true, stdin: tty(), out: new PassThrough() })).toBe(
      env,
    );
    expect(existsSync(path.join(home, 'admin-prompted'))).toBe(false);
  });

  it('does not ask without a terminal, so identity falls back to a one-time setup token', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'symbia-admin-'));
    const env = {};
    expect(
      await resolveFirstAdmin({ env, home, startsIdentity: true, stdin: new PassThrough(), out: new PassThrough() }),
    ).toBe(env);
  });

  it('asks once per state directory and hands the answer to identity', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'symbia-admin-'));
    const stdin = tty();
    const out = new PassThrough();
    let shown = '';
    out.on('data', (chunk: Buffer) => {
      shown += chunk.toString();
      // Type after the prompt is on screen, as a person would.
      if (shown.endsWith('admin email: ')) setTimeout(() => stdin.write('ops@example.com\n'), 5);
      if (shown.endsWith('admin password: ')) setTimeout(() => stdin.write('a strong passphrase\n'), 5);
    });
    const env = await resolveFirstAdmin({ env: {}, home, startsIdentity: true, stdin, out });
    expect(env).toMatchObject({ SYMBIA_ADMIN_EMAIL: 'ops@example.com', SYMBIA_ADMIN_PASSWORD: 'a strong passphrase' });
    const again = await resolveFirstAdmin({
      env: {},
      home,
      startsIdentity: true,
      stdin: tty(),
      out: new PassThrough(),
    });
    expect(again).toEqual({});
  });
});
