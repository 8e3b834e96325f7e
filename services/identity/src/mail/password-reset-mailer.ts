import { randomUUID } from 'node:crypto';
import type { PasswordResetMailer } from '../password-reset/password-reset.service.js';
import { sendSmtp, type SmtpOptions, type SmtpServer } from './smtp-client.js';

export interface MailSender {
  /** `Name <address>` or a bare address, as written in the From header. */
  header: string;
  /** The bare address (SMTP envelope). */
  address: string;
}

/** Parses SMTP_FROM: `no-reply@example.com` or `Symbia <no-reply@example.com>`; null when it is neither. */
export function parseSender(value: string): MailSender | null {
  const named = /^\s*([^<>\r\n"]*?)\s*<([^\s<>@]+@[^\s<>@]+)>\s*$/.exec(value);
  if (named) return { header: named[1] ? `${named[1]} <${named[2]}>` : `<${named[2]}>`, address: named[2]! };
  const bare = /^\s*([^\s<>@]+@[^\s<>@]+)\s*$/.exec(value);
  return bare ? { header: bare[1]!, address: bare[1]! } : null;
}

/** The reset mail as an RFC 5322 message (ASCII only, so 7bit needs no further encoding). */
export function composeResetMessage(input: { from: MailSender; to: string; link: string; date: Date }): string {
  const domain = input.from.address.split('@')[1];
  return [
    `From: ${input.from.header}`,
    `To: <${input.to}>`,
    'Subject: Reset your Symbia password',
    `Date: ${input.date.toUTCString()}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Transfer-Encoding: 7bit',
    '',
    'Someone asked to reset the password of the Symbia account for this address.',
    'To choose a new password, open this link within one hour:',
    '',
    input.link,
    '',
    'If you did not ask for this, ignore this message: your password stays as it is.',
  ].join('\r\n');
}

/** identity.md §4.7: password-reset links by SMTP (SMTP_URL, SMTP_FROM). */
export function createSmtpPasswordResetMailer(deps: {
  server: SmtpServer;
  from: MailSender;
  options?: SmtpOptions;
  clock?: () => number;
}): PasswordResetMailer {
  const { server, from, options, clock = Date.now } = deps;
  return {
    sendPasswordReset: (to, link) =>
      sendSmtp(
        server,
        { from: from.address, to },
        composeResetMessage({ from, to, link, date: new Date(clock()) }),
        options,
      ),
  };
}
