import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort, isPortFree } from '../src/index.js';

describe('ports', () => {
  it('sees a port held on 127.0.0.1 as busy from the wildcard check, and free once released', async () => {
    const port = await findFreePort();
    expect(await isPortFree(port)).toBe(true);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect(await isPortFree(port)).toBe(false);
    expect(await isPortFree(port, '127.0.0.1')).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await isPortFree(port)).toBe(true);
  });
});
