import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeResetMessage,
  createSmtpPasswordResetMailer,
  parseSender,
} from '../../src/mail/password-reset-mailer.js';
import { startLoopbackSmtp, type LoopbackSmtp } from '../helpers/loopback-smtp.js';

let smtp: LoopbackSmtp;
beforeAll(async () => {
  smtp = await startLoopbackSmtp();
});
afterAll(() => smtp.close());

describe('parseSender', () => {
  it('accepts a bare address or "Name <address>", and nothing that could break a header', () => {
    expect(parseSender('no-reply@symbia.test')).toEqual({
      header: 'no-reply@symbia.test',
      address: 'no-reply@symbia.test',
    });
    expect(parseSender('Symbia <no-reply@symbia.test>')).toEqual({
      header: 'Symbia <no-reply@symbia.test>',
      address: 'no-reply@symbia.test',
    });
    for (const bad of ['symbia', 'A <b>', 'Evil\r\nBcc: x@y.z <a@b.c>', 'a@b.c d@e.f'])
      expect(parseSender(bad), bad).toBeNull();
  });
});

describe('SMTP password-reset mailer', () => {
  it("mails an RFC 5322 message with the link to the account's address", async () => {
    const from = parseSender('Symbia <no-reply@symbia.test>')!;
    const mailer = createSmtpPasswordResetMailer({
      server: { host: '127.0.0.1', port: smtp.port, secure: false, auth: null },
      from,
      clock: () => Date.UTC(2030, 0, 2, 3, 4, 5),
    });
    const link = `http://web.test/reset-password?token=${'a'.repeat(64)}`;
    await mailer.sendPasswordReset('c@x.io', link);
    const mail = await smtp.nextMail();
    expect(mail).toMatchObject({ from: 'no-reply@symbia.test', to: ['c@x.io'] });
    const blank = mail.data.indexOf('\r\n\r\n');
    const [head, body] = [mail.data.slice(0, blank), mail.data.slice(blank + 4)];
    expect(head.split('\r\n')).toEqual(
      expect.arrayContaining([
        'From: Symbia <no-reply@symbia.test>',
        'To: <c@x.io>',
        'Subject: Reset your Symbia password',
        'Date: Wed, 02 Jan 2030 03:04:05 GMT',
        expect.stringMatching(/^Message-ID: <[0-9a-f-]{36}@symbia\.test>$/),
        'Content-Type: text/plain; charset=us-ascii',
      ]),
    );
    expect(body.split('\r\n')).toContain(link);
  });

  it('keeps every line ASCII and within the 998-character limit', () => {
    const message = composeResetMessage({
      from: parseSender('x@y.z')!,
      to: 'c@x.io',
      link: 'http://w/reset-password?token=abc',
      date: new Date(0),
    });
    expect(message).toMatch(/^[\x20-\x7e\r\n]+$/);
    expect(Math.max(...message.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
  });
});
