import { Agent, type AgentOptions } from 'node:http';
import { Socket, type NetConnectOpts } from 'node:net';

const PEER_CLOSED = new Set(['EPIPE', 'ECONNRESET']);

/**
 * A socket to a service that outlives a refused body. A service that refuses a request body (413) answers and
 * closes while the body is still being sent; the next write then fails, and a plain socket is destroyed at
 * once, with the service's answer still unread in the kernel. Here such a write error is dropped (the body has
 * no reader any more), so the answer is read and parsed; a service that really went away still ends the read
 * side, and the request fails as before.
 */
class UpstreamSocket extends Socket {
  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    super._write(chunk, encoding, (error) => callback(peerClosed(error) ? null : error));
  }

  override _writev(
    chunks: { chunk: unknown; encoding: BufferEncoding }[],
    callback: (error?: Error | null) => void,
  ): void {
    super._writev!(chunks, (error) => callback(peerClosed(error) ? null : error));
  }
}

const peerClosed = (error: Error | null | undefined): boolean =>
  PEER_CLOSED.has((error as NodeJS.ErrnoException | null | undefined)?.code ?? '');

/** Keep-alive connections to the services (as Node's global agent), made of UpstreamSockets. */
export function createUpstreamAgent(options: AgentOptions = { keepAlive: true }): Agent {
  const agent = new Agent(options);
  // As net.createConnection, with the socket above.
  agent.createConnection = (connect: NetConnectOpts) => new UpstreamSocket(connect).connect(connect);
  return agent;
}
