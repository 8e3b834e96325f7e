import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): { error?: string; code?: string; [key: string]: unknown };
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's own address, e.g. 127.0.0.2 to be a second visitor on this machine. */
  localAddress?: string;
  /** Send the body in 64 KiB chunks without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

/**
 * One request with the path sent byte for byte (fetch would normalise `..`, `%2e` and backslashes away), from
 * a chosen local address.
 */
export function rawRequest(base: string, path: string, options: RawRequest = {}): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = request({
      host: url.hostname,
      port: url.port,
      path,
      method: options.method ?? (body ? 'POST' : 'GET'),
      localAddress: options.localAddress,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(body && !options.chunked ? { 'content-length': String(body.length) } : {}),
        ...options.headers,
      },
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body && options.chunked) {
      for (let at = 0; at < body.length; at += 65_536) req.write(body.subarray(at, at + 65_536));
      req.end();
    } else {
      req.end(body);
    }
  });
}
