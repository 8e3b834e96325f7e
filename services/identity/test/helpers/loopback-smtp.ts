import { createServer, type Socket } from 'node:net';

/** A message as the loopback server received it (after DATA, dot-stuffing undone). */
export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
  auth: { user: string; pass: string } | null;
}

export interface LoopbackSmtpOptions {
  /** Refuse MAIL FROM until AUTH PLAIN with these credentials succeeded. */
  requireAuth?: { user: string; pass: string };
  /** Answer RCPT TO for this address with 550. */
  rejectRecipient?: string;
  /** Behave like an old server that only knows HELO. */
  heloOnly?: boolean;
}

export interface LoopbackSmtp {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Every command line clients sent, in order, per connection. */
  sessions: string[][];
  /** Resolves with the next message to arrive (or one that already did and was not taken yet). */
  nextMail(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A small SMTP server (RFC 5321 subset) on 127.0.0.1 standing in for the third-party mail relay: it speaks the
 * real dialogue over a socket, so the client's framing, replies, AUTH PLAIN and dot-stuffing are exercised.
 */
export async function startLoopbackSmtp(options: LoopbackSmtpOptions = {}): Promise<LoopbackSmtp> {
  const mails: ReceivedMail[] = [];
  const sessions: string[][] = [];
  let taken = 0;
  const waiters: ((mail: ReceivedMail) => void)[] = [];
  const sockets = new Set<Socket>();

  const deliver = (mail: ReceivedMail) => {
    mails.push(mail);
    const waiter = waiters.shift();
    if (waiter) {
      taken += 1;
      waiter(mail);
    }
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const lines: string[] = [];
    sessions.push(lines);
    const reply = (text: string) => socket.write(`${text}\r\n`);
    let buffer = '';
    let auth: ReceivedMail['auth'] = null;
    let envelope: { from: string; to: string[] } | null = null;
    let data: string[] | null = null;

    const handle = (line: string) => {
      if (data) {
        if (line === '.') {
          deliver({ from: envelope!.from, to: envelope!.to, data: data.join('\r\n'), auth });
          data = null;
          envelope = null;
          return reply('250 2.0.0 queued');
        }
        data.push(line.startsWith('..') ? line.slice(1) : line);
        return;
      }
      lines.push(line);
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          return options.heloOnly
            ? reply('502 5.5.1 EHLO not supported')
            : reply('250-loopback.test\r\n250-AUTH PLAIN\r\n250 8BITMIME');
        case 'HELO':
          return reply('250 loopback.test');
        case 'AUTH': {
          const [, user = '', pass = ''] = Buffer.from(arg.replace(/^PLAIN /i, ''), 'base64')
            .toString('utf8')
            .split('\0');
          const ok = !options.requireAuth || (user === options.requireAuth.user && pass === options.requireAuth.pass);
          if (ok) auth = { user, pass };
          return reply(ok ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
        }
        case 'MAIL':
          if (options.requireAuth && !auth) return reply('530 5.7.0 Authentication required');
          envelope = { from: /<(.*)>/.exec(arg)?.[1] ?? '', to: [] };
          return reply('250 2.1.0 OK');
        case 'RCPT': {
          const to = /<(.*)>/.exec(arg)?.[1] ?? '';
          if (!envelope) return reply('503 5.5.1 MAIL first');
          if (to === options.rejectRecipient) return reply('550 5.1.1 No such user here');
          envelope.to.push(to);
          return reply('250 2.1.5 OK');
        }
        case 'DATA':
          if (!envelope || envelope.to.length === 0) return reply('503 5.5.1 RCPT first');
          data = [];
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'QUIT':
          reply('221 2.0.0 Bye');
          return socket.end();
        default:
          return reply('500 5.5.2 Command not recognized');
      }
    };

    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handle(line);
      }
    });
    socket.on('error', () => socket.destroy());
    reply('220 loopback.test ESMTP ready');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    sessions,
    nextMail() {
      if (taken < mails.length) return Promise.resolve(mails[taken++]!);
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
