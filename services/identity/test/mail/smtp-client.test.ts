import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendSmtp, SmtpError, type SmtpServer } from '../../src/mail/smtp-client.js';
import { startLoopbackSmtp, type LoopbackSmtp, type LoopbackSmtpOptions } from '../helpers/loopback-smtp.js';

let smtp: LoopbackSmtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const start = async (options?: LoopbackSmtpOptions) => {
  smtp = await startLoopbackSmtp(options);
  return smtp;
};
const serverAt = (port: number, auth: SmtpServer['auth'] = null): SmtpServer => ({
  host: '127.0.0.1',
  port,
  secure: false,
  auth,
});
const envelope = { from: 'no-reply@symbia.test', to: 'user@x.io' };

describe('sendSmtp', () => {
  it('delivers a message through a real SMTP dialogue, with CRLF framing and dot-stuffing', async () => {
    const s = await start();
    await sendSmtp(serverAt(s.port), envelope, 'Subject: hi\n\nfirst line\n.hidden line\n..two dots\nlast', {
      clientName: 'identity.test',
    });
    const mail = await s.nextMail();
    expect(mail).toMatchObject({ from: 'no-reply@symbia.test', to: ['user@x.io'], auth: null });
    expect(mail.data).toBe('Subject: hi\r\n\r\nfirst line\r\n.hidden line\r\n..two dots\r\nlast');
    expect(s.sessions[0]).toEqual([
      'EHLO identity.test',
      'MAIL FROM:<no-reply@symbia.test>',
      'RCPT TO:<user@x.io>',
      'DATA',
      'QUIT',
    ]);
  });

  it('authenticates with AUTH PLAIN when credentials are given, and reports a refused login', async () => {
    const s = await start({ requireAuth: { user: 'mailer', pass: 's3cret pass' } });
    await sendSmtp(serverAt(s.port, { user: 'mailer', pass: 's3cret pass' }), envelope, 'Subject: x\r\n\r\nbody');
    expect((await s.nextMail()).auth).toEqual({ user: 'mailer', pass: 's3cret pass' });
    await expect(sendSmtp(serverAt(s.port, { user: 'mailer', pass: 'wrong' }), envelope, 'x')).rejects.toMatchObject({
      name: 'SmtpError',
      replyCode: 535,
    });
    await expect(sendSmtp(serverAt(s.port), envelope, 'x')).rejects.toMatchObject({ replyCode: 530 });
    expect(s.mails).toHaveLength(1);
  });

  it('falls back to HELO for a server without EHLO', async () => {
    const s = await start({ heloOnly: true });
    await sendSmtp(serverAt(s.port), envelope, 'x', { clientName: 'identity.test' });
    await s.nextMail();
    expect(s.sessions[0]!.slice(0, 2)).toEqual(['EHLO identity.test', 'HELO identity.test']);
  });

  it("fails with the server's reply when a recipient is refused, and on a closed port", async () => {
    const s = await start({ rejectRecipient: 'ghost@x.io' });
    await expect(sendSmtp(serverAt(s.port), { ...envelope, to: 'ghost@x.io' }, 'x')).rejects.toThrow(
      /RCPT TO refused: 550/,
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(sendSmtp(serverAt(port), envelope, 'x')).rejects.toThrow();
  });

  it('refuses addresses that could inject SMTP commands, before connecting', async () => {
    const s = await start();
    await expect(
      sendSmtp(serverAt(s.port), { ...envelope, to: 'a@x.io>\r\nRCPT TO:<b@x.io' }, 'x'),
    ).rejects.toBeInstanceOf(SmtpError);
    await expect(sendSmtp(serverAt(s.port), { ...envelope, from: 'not an address' }, 'x')).rejects.toBeInstanceOf(
      SmtpError,
    );
    expect(s.sessions).toEqual([]);
  });
});
