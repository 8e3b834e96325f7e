import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { promptForAdmin } from './admin-prompt.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Decides how the first super admin comes to exist before identity publishes its port (platform.md W10):
 * from SYMBIA_ADMIN_EMAIL/PASSWORD when set; otherwise, on an interactive terminal, by asking once per state
 * directory; otherwise identity prints a one-time setup token. Returns the environment identity should get.
 */
export async function resolveFirstAdmin(input: {
  env: Env;
  home: string;
  startsIdentity: boolean;
  stdin?: Readable & { isTTY?: boolean };
  out: Writable;
}): Promise<Env> {
  if (!input.startsIdentity || input.env.SYMBIA_ADMIN_EMAIL || !input.stdin?.isTTY) return input.env;
  const marker = path.join(input.home, 'admin-prompted');
  if (existsSync(marker)) return input.env;
  const admin = await promptForAdmin({ input: input.stdin, output: input.out });
  await mkdir(input.home, { recursive: true });
  await writeFile(marker, `${new Date().toISOString()}\n`, { mode: 0o600 });
  if (!admin) return input.env;
  return { ...input.env, SYMBIA_ADMIN_EMAIL: admin.email, SYMBIA_ADMIN_PASSWORD: admin.password };
}
