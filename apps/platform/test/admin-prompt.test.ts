import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptForAdmin } from '../src/admin-prompt.js';

function terminal(answers: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  // Answer each prompt as it appears, like a person typing.
  let next = 0;
  const timer = setInterval(() => {
    const prompts = (shown.match(/admin (email|password): /g) ?? []).length;
    if (prompts > next && next < answers.length) input.write(`${answers[next++]}\n`);
  }, 5);
  return { input, output, shown: () => shown, stop: () => clearInterval(timer) };
}

describe('promptForAdmin', () => {
  it('returns the typed email and password without echoing the password', async () => {
    const t = terminal(['ada@example.com', 'correct horse battery']);
    const admin = await promptForAdmin(t);
    t.stop();
    expect(admin).toEqual({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(t.shown()).not.toContain('correct horse battery');
  });

  it('asks again for a short password and for a malformed email', async () => {
    const t = terminal(['not-an-email', 'ada@example.com', 'short', 'ada@example.com', 'a long enough password']);
    const admin = await promptForAdmin(t);
    t.stop();
    expect(admin?.password).toBe('a long enough password');
    expect(t.shown()).toContain('that is not an email address');
    expect(t.shown()).toContain('at least 12 characters');
  });

  it('returns null when the email is left empty', async () => {
    const t = terminal(['']);
    expect(await promptForAdmin(t)).toBeNull();
    t.stop();
  });
});
