import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSilentConnectionsOnClose } from '../src/services/drop-silent-connections.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

async function listening(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  servers.push(server);
  dropSilentConnectionsOnClose(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const connected = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const ended = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('dropSilentConnectionsOnClose', () => {
  it('lets close() finish although a client connected and never sent a request', async () => {
    const { server, port } = await listening((_req, res) => res.end('ok'));
    const silent = await connected(port);
    await new Promise((resolve) => setImmediate(resolve)); // the server has accepted it
    const socketEnded = ended(silent);
    await closed(server);
    await socketEnded;
    expect(silent.destroyed).toBe(true);
  });

  it('leaves a connection with a request in flight alone: its answer still arrives after close()', async () => {
    let receive: (answer: () => void) => void = () => {};
    const received = new Promise<() => void>((resolve) => (receive = resolve));
    const { server, port } = await listening((_req, res) =>
      receive(() => res.writeHead(200, { connection: 'close' }).end('late answer')),
    );
    const response = fetch(`http://127.0.0.1:${port}/slow`);
    const answer = await received;
    const serverClosed = closed(server);
    answer();
    expect(await (await response).text()).toBe('late answer');
    await serverClosed;
  });
});
