import { connect as connectTcp, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as connectTls } from 'node:tls';

/** Where mail goes: `smtp://` (plain) or `smtps://` (TLS from the first byte, RFC 8314). */
export interface SmtpServer {
  host: string;
  port: number;
  secure: boolean;
  /** AUTH PLAIN (RFC 4616) when set. */
  auth: { user: string; pass: string } | null;
}

export interface SmtpOptions {
  /** Our name in EHLO; default: this machine's host name. */
  clientName?: string;
  /** For connecting and for each reply. */
  timeoutMs?: number;
}

export class SmtpError extends Error {
  constructor(
    message: string,
    readonly replyCode?: number,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

interface Reply {
  code: number;
  text: string;
}

/**
 * Replies as they arrive (RFC 5321 §4.2): `250-…` lines continue a reply, `250 …` ends it. Each `next()` takes the
 * next complete reply, waiting for it when needed.
 */
function replyReader(socket: Socket) {
  let buffer = '';
  let lines: string[] = [];
  const ready: Reply[] = [];
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | null = null;

  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      lines.push(line);
      if (!/^\d{3}(?: |$)/.test(line)) continue;
      const reply = { code: Number(line.slice(0, 3)), text: lines.map((l) => l.slice(4)).join(' ') };
      lines = [];
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(reply);
      else ready.push(reply);
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new SmtpError('SMTP server closed the connection')));

  return {
    next(): Promise<Reply> {
      const reply = ready.shift();
      if (reply) return Promise.resolve(reply);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}

// RFC 5321 §4.5.2: a line of the message that starts with "." gets a second one; lines end in CRLF.
const dotStuff = (message: string): string =>
  message
    .replace(/\r?\n/g, '\r\n')
    .split('\r\n')
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');

// Addresses go into SMTP commands verbatim: a CR, LF or angle bracket would let a value add commands.
const assertAddress = (address: string): void => {
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(address)) throw new SmtpError('Refusing to send: not a plain email address');
};

/** One message over one connection: EHLO (HELO fallback), optional AUTH PLAIN, MAIL, RCPT, DATA, QUIT. */
export async function sendSmtp(
  server: SmtpServer,
  envelope: { from: string; to: string },
  message: string,
  options: SmtpOptions = {},
): Promise<void> {
  assertAddress(envelope.from);
  assertAddress(envelope.to);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const socket = server.secure
    ? connectTls({ host: server.host, port: server.port, servername: server.host })
    : connectTcp({ host: server.host, port: server.port });
  socket.setTimeout(timeoutMs, () =>
    socket.destroy(new SmtpError(`SMTP server did not answer within ${timeoutMs} ms`)),
  );
  const replies = replyReader(socket);

  const expect = async (step: string, ...codes: number[]): Promise<Reply> => {
    const reply = await replies.next();
    if (!codes.includes(reply.code))
      throw new SmtpError(`SMTP ${step} refused: ${reply.code} ${reply.text}`, reply.code);
    return reply;
  };
  const command = async (line: string, step: string, ...codes: number[]): Promise<Reply> => {
    socket.write(`${line}\r\n`);
    return expect(step, ...codes);
  };

  try {
    await expect('greeting', 220);
    const name = options.clientName ?? hostname();
    try {
      await command(`EHLO ${name}`, 'EHLO', 250);
    } catch (error) {
      // RFC 5321 §3.2: a server that does not know EHLO answers 5xx; HELO is the fallback.
      if (!(error instanceof SmtpError) || error.replyCode === undefined || error.replyCode < 500) throw error;
      await command(`HELO ${name}`, 'HELO', 250);
    }
    if (server.auth) {
      const token = Buffer.from(`\0${server.auth.user}\0${server.auth.pass}`, 'utf8').toString('base64');
      await command(`AUTH PLAIN ${token}`, 'AUTH', 235);
    }
    await command(`MAIL FROM:<${envelope.from}>`, 'MAIL FROM', 250);
    await command(`RCPT TO:<${envelope.to}>`, 'RCPT TO', 250, 251);
    await command('DATA', 'DATA', 354);
    await command(`${dotStuff(message)}\r\n.`, 'message', 250);
    // The message is accepted at this point; a QUIT that fails changes nothing.
    await command('QUIT', 'QUIT', 221).catch(() => undefined);
  } finally {
    socket.destroy();
  }
}
