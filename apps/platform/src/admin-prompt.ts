import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

export interface AdminCredentials {
  email: string;
  password: string;
}

export const MIN_ADMIN_PASSWORD_LENGTH = 12;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * First-run super admin (DESIGN §4): asked on an interactive terminal before identity starts, so no port is
 * published without an owner. An empty email skips it; identity then prints a one-time setup token instead.
 * The password is read without echo.
 */
export async function promptForAdmin(io: { input: Readable; output: Writable }): Promise<AdminCredentials | null> {
  const muted = { on: false };
  const output = new (await import('node:stream')).Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted.on) io.output.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: io.input, output, terminal: true });
  try {
    io.output.write('No super admin is configured. Create one now (leave the email empty to skip).\n');
    for (;;) {
      const email = (await rl.question('  admin email: ')).trim();
      if (email === '') return null;
      if (!emailPattern.test(email)) {
        io.output.write('  that is not an email address\n');
        continue;
      }
      io.output.write('  admin password: ');
      muted.on = true;
      const password = await rl.question('');
      muted.on = false;
      io.output.write('\n');
      if (password.length < MIN_ADMIN_PASSWORD_LENGTH) {
        io.output.write(`  the password needs at least ${MIN_ADMIN_PASSWORD_LENGTH} characters\n`);
        continue;
      }
      return { email, password };
    }
  } finally {
    rl.close();
  }
}
