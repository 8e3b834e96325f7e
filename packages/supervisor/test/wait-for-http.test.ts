import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { findFreePort, waitForHttpOk } from '../src/index.js';

describe('waitForHttpOk', () => {
  it('resolves once the URL turns 200 and rejects naming the last answer otherwise', async () => {
    let ready = false;
    const server = http.createServer((_req, res) => {
      res.writeHead(ready ? 200 : 503).end();
      ready = true;
    });
    const port = await findFreePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(waitForHttpOk(`http://127.0.0.1:${port}/`, 10_000)).resolves.toBeUndefined();
      const closed = await findFreePort();
      await expect(waitForHttpOk(`http://127.0.0.1:${closed}/x`, 400)).rejects.toThrow(
        `http://127.0.0.1:${closed}/x did not answer 200 within 0.4s (last: ECONNREFUSED)`,
      );
    } finally {
      server.close();
    }
  });
});
