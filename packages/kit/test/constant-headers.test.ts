import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createConstantHeaderResponses } from '../src/http/constant-headers.js';
import { requestRaw, valuesOf, type RawResponse } from './fixtures/raw-response.js';

const headers = {
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'",
  'x-content-type-options': 'nosniff',
};

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Serves `handle` on a real socket with the constant-header responses and returns the raw header lines of one GET. */
async function rawHeadersOf(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  method = 'GET',
  responses = createConstantHeaderResponses(headers),
): Promise<RawResponse> {
  const { ServerResponse: Response } = responses;
  expect(Response).toBeDefined();
  server = http.createServer({ ServerResponse: Response! }, handle);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return requestRaw(`http://127.0.0.1:${port}/`, method);
}

describe('constant header responses', () => {
  it('append every constant header exactly once to a response that sets none of them', async () => {
    const { status, lines, body } = await rawHeadersOf((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hi');
    });
    expect(status).toBe(200);
    expect(body).toBe('hi');
    for (const [name, value] of Object.entries(headers)) expect(valuesOf(lines, name)).toEqual([value]);
    expect(valuesOf(lines, 'content-type')).toEqual(['text/plain']);
  });

  it('carry them on implicit heads, chunked bodies and bodiless statuses too', async () => {
    const chunked = await rawHeadersOf((_req, res) => {
      res.write('a');
      res.end('b');
    });
    expect(chunked.body).toBe('ab');
    expect(valuesOf(chunked.lines, 'transfer-encoding')).toEqual(['chunked']);
    expect(valuesOf(chunked.lines, 'x-frame-options')).toEqual(['DENY']);
    const empty = await rawHeadersOf((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    expect(empty.status).toBe(204);
    expect(valuesOf(empty.lines, 'x-content-type-options')).toEqual(['nosniff']);
    const head = await rawHeadersOf((_req, res) => res.writeHead(200, 'Fine', { 'content-length': '5' }).end(), 'HEAD');
    expect(valuesOf(head.lines, 'content-security-policy')).toEqual(["default-src 'none'"]);
  });

  it('leave out a header the response sets itself, however it was set', async () => {
    const viaObject = await rawHeadersOf((_req, res) =>
      res.writeHead(200, { 'content-security-policy': "default-src 'self'" }).end(),
    );
    expect(valuesOf(viaObject.lines, 'content-security-policy')).toEqual(["default-src 'self'"]);
    expect(valuesOf(viaObject.lines, 'x-frame-options')).toEqual(['DENY']);

    const viaSetHeader = await rawHeadersOf((_req, res) => {
      res.setHeader('X-Frame-Options', 'SAMEORIGIN');
      res.writeHead(200, { 'x-content-type-options': 'nosniff' }).end();
    });
    expect(valuesOf(viaSetHeader.lines, 'x-frame-options')).toEqual(['SAMEORIGIN']);
    expect(valuesOf(viaSetHeader.lines, 'x-content-type-options')).toEqual(['nosniff']);
    expect(valuesOf(viaSetHeader.lines, 'content-security-policy')).toEqual(["default-src 'none'"]);

    const viaFlatArray = await rawHeadersOf((_req, res) => res.writeHead(200, ['X-FRAME-OPTIONS', 'SAMEORIGIN']).end());
    expect(valuesOf(viaFlatArray.lines, 'x-frame-options')).toEqual(['SAMEORIGIN']);
    const viaPairs = await rawHeadersOf((_req, res) =>
      res.writeHead(200, [['x-frame-options', 'SAMEORIGIN']] as never).end(),
    );
    expect(valuesOf(viaPairs.lines, 'x-frame-options')).toEqual(['SAMEORIGIN']);
  });

  it('append the per-response header with the value each response was given, unless it sets its own', async () => {
    const responses = createConstantHeaderResponses(headers, { perResponseHeader: 'x-request-id' });
    let n = 0;
    const handle = (_req: IncomingMessage, res: ServerResponse) => {
      n += 1;
      responses.setPerResponseValue(res, `id-${n}`);
      if (n === 2) res.writeHead(200, { 'x-request-id': 'own' });
      res.end();
    };
    const first = await rawHeadersOf(handle, 'GET', responses);
    expect(valuesOf(first.lines, 'x-request-id')).toEqual(['id-1']);
    expect(valuesOf(first.lines, 'x-frame-options')).toEqual(['DENY']);
    await new Promise((resolve) => server!.close(resolve));
    const second = await rawHeadersOf(handle, 'GET', responses);
    expect(valuesOf(second.lines, 'x-request-id')).toEqual(['own']);
    expect(valuesOf(second.lines, 'content-security-policy')).toEqual(["default-src 'none'"]);
    await new Promise((resolve) => server!.close(resolve));
    // A response never given a value has no such line.
    const third = await rawHeadersOf((_req, res) => res.end(), 'GET', responses);
    expect(valuesOf(third.lines, 'x-request-id')).toEqual([]);
  });

  it('tell their own responses from any other', () => {
    const responses = createConstantHeaderResponses(headers);
    const request = new http.IncomingMessage(null as never);
    expect(responses.carries(new responses.ServerResponse!(request))).toBe(true);
    expect(responses.carries(new http.ServerResponse(request))).toBe(false);
  });

  it('refuse at start a header that could not be sent', () => {
    expect(() => createConstantHeaderResponses({ 'x-bad': 'a\r\nset-cookie: x=1' })).toThrow();
    expect(() => createConstantHeaderResponses({ 'bad name': 'x' })).toThrow();
  });
});
