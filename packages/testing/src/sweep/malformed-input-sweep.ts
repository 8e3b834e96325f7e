import { connect } from 'node:net';
import {
  operationsOf,
  sampleValue,
  stringPathsOf,
  withValueAt,
  type BodyPath,
  type OperationParameter,
  type SweptOperation,
} from './openapi-operations.js';

export interface MalformedInputSweepOptions {
  /** Base URL of a listening service, e.g. `http://127.0.0.1:4123`. Its document is read from `/docs/openapi.json`. */
  baseUrl: string;
  /**
   * A bearer token of an authenticated user in an org, so authenticated routes are really exercised; every request
   * is also sent without it. A function is called before each operation: return a fresh token there when a swept
   * route may have ended the session (logout, deleting the user).
   */
  token?: string | (() => Promise<string>);
  /** Values for path parameters by name (an org the user belongs to, …); others get a sample from their schema. */
  pathValues?: Readonly<Record<string, string>>;
  /** Operations to leave out, e.g. ones that call third parties the test has not faked. */
  skip?: (operation: { method: string; route: string }) => boolean;
  /** Per-request limit before a request counts as hanging (default 10 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
}

/** A response of status ≥ 500, or no response at all, to one malformed request. */
export interface SweepFinding {
  method: string;
  route: string;
  /** What was malformed, e.g. `body.name=NUL`, `params.id=__proto__`, `cookie=malformed`. */
  input: string;
  authenticated: boolean;
  /** The status, or `timeout` / `connection error`. */
  outcome: number | string;
  /** The start of the answer, for the failure message. */
  excerpt: string;
}

/** One line per finding, for a readable assertion: `POST /api/x body.name=NUL (anonymous) → 500 {…}`. */
export function describeFinding(finding: SweepFinding): string {
  return `${finding.method} ${finding.route} ${finding.input} (${finding.authenticated ? 'with token' : 'anonymous'}) → ${finding.outcome} ${finding.excerpt.slice(0, 160)}`;
}

export interface SweepResult {
  operations: number;
  requests: number;
  /** How many answers had each status: a sweep that only ever saw 401 or 404 exercised little. */
  statuses: Map<number | string, number>;
  findings: SweepFinding[];
}

const SURROGATE = 'a\ud800b';
/** Text values tried in every string place: NUL, a lone surrogate, prototype names, then an oversized string. */
const textCases = (oversized: number): [string, string][] => [
  ['NUL', 'a\u0000b'],
  ['lone surrogate', SURROGATE],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['oversized', 'x'.repeat(oversized)],
];
const MALFORMED_JSON = [
  '{"name":',
  'null',
  '[]',
  '"text"',
  '{"a":"\\u0000","b":"\\udfff"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
];
const MALFORMED_COOKIES = [
  'token=%E0%A4%A; refresh_token=%; =; symbia_session=a%00b; ; token=%ED%A0%80',
  `token=${'x'.repeat(6000)}; refresh_token=${'y'.repeat(6000)}`,
];

interface SweepRequest {
  operation: SweptOperation;
  input: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The raw body text, when there is one. */
  body?: string;
  /** Its content type (JSON unless said). */
  contentType?: string;
}

/** Percent-encodes like encodeURIComponent, writing a lone surrogate as its (invalid) UTF-8 bytes instead of throwing. */
function encodeText(value: string): string {
  return value === SURROGATE ? 'a%ED%A0%80b' : encodeURIComponent(value);
}

function requestsFor(operation: SweptOperation, pathValues: Readonly<Record<string, string>>): SweepRequest[] {
  const params = operation.parameters;
  const baseValues = new Map(
    params.map((p) => [
      p,
      p.in === 'path' ? (pathValues[p.name] ?? String(sampleValue(p.schema))) : String(sampleValue(p.schema)),
    ]),
  );
  const baseBody = operation.body ? sampleValue(operation.body) : undefined;
  const build = (input: string, changed?: OperationParameter, value?: string, body?: string): SweepRequest => {
    let path = operation.route;
    const query: Record<string, string> = {};
    const headers: Record<string, string> = {};
    for (const p of params) {
      const v = p === changed ? value! : baseValues.get(p)!;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, p === changed ? encodeText(v) : encodeURIComponent(v));
      else if (p === changed || p.required) {
        if (p.in === 'query') query[p.name] = v;
        else if (p.in === 'header') headers[p.name] = v;
      }
    }
    return {
      operation,
      input,
      path,
      query,
      headers,
      body: body ?? (baseBody === undefined ? undefined : JSON.stringify(baseBody)),
    };
  };

  const requests: SweepRequest[] = [build('none (a well-formed request)')];
  for (const p of params) {
    if (p.in === 'cookie') continue;
    // Node refuses control bytes in header values before routing; that case is sent once per service, raw.
    const cases = textCases(p.in === 'path' ? 1000 : 2000).filter(
      ([name]) => p.in !== 'header' || name === '__proto__' || name === 'constructor' || name === 'oversized',
    );
    for (const [name, value] of cases)
      requests.push(build(`${p.in === 'path' ? 'params' : p.in}.${p.name}=${name}`, p, value));
  }
  if (operation.body) {
    for (const path of stringPathsOf(operation.body)) {
      for (const [name, value] of textCases(10_000))
        requests.push(
          build(
            `body.${fieldName(path)}=${name}`,
            undefined,
            undefined,
            JSON.stringify(withValueAt(baseBody, path, value)),
          ),
        );
    }
    for (const text of MALFORMED_JSON) requests.push(build(`body=${JSON.stringify(text)}`, undefined, undefined, text));
    requests.push({
      ...build('body=text/plain with NUL', undefined, undefined, 'a\u0000b\ud800'),
      contentType: 'text/plain',
    });
  }
  for (const [index, cookie] of MALFORMED_COOKIES.entries()) {
    const request = build(index === 0 ? 'cookie=malformed' : 'cookie=huge');
    request.headers.cookie = cookie;
    requests.push(request);
  }
  return requests;
}

const fieldName = (path: BodyPath): string => (path.length === 0 ? '(root)' : path.join('.'));

async function send(
  baseUrl: string,
  request: SweepRequest,
  token: string | undefined,
  timeoutMs: number,
): Promise<{ outcome: number | string; excerpt: string }> {
  const search = Object.entries(request.query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeText(value)}`)
    .join('&');
  const url = `${baseUrl}${request.path}${search ? `?${search}` : ''}`;
  const headers: Record<string, string> = { ...request.headers, ...(token && { authorization: `Bearer ${token}` }) };
  if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  try {
    const res = await fetch(url, {
      method: request.operation.method,
      headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { outcome: res.status, excerpt: text.slice(0, 300) };
  } catch (error) {
    const name = (error as Error).name;
    return {
      outcome: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'connection error',
      excerpt: String((error as Error).message),
    };
  }
}

/** A NUL byte in a header value, sent over a raw socket (fetch refuses to): the service must answer it with a 4xx. */
async function sendNulHeader(
  baseUrl: string,
  path: string,
  timeoutMs: number,
): Promise<{ outcome: number | string; excerpt: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nX-Sweep: a\0b\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: 'timeout', excerpt: text.slice(0, 300) });
    }, timeoutMs);
    socket.on('data', (chunk) => (text += String(chunk)));
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      resolve({ outcome: Number.isFinite(status) ? status : 'connection error', excerpt: text.slice(0, 300) });
    });
    socket.on('error', () => undefined);
  });
}

/**
 * Sends malformed input to every operation of a running service, as its OpenAPI document describes them, each
 * with and without `token`, and returns every answer of status ≥ 500 or none at all. Each request is a
 * well-formed one with one place changed: a path parameter, a query parameter, a header parameter, a string
 * field of the body (NUL, a lone surrogate, `__proto__`, `constructor`, an oversized value), the whole body
 * (malformed or non-object JSON) or the cookies (malformed escapes, an empty name, huge values).
 */
export async function sweepMalformedInput(options: MalformedInputSweepOptions): Promise<SweepResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const docRes = await fetch(`${options.baseUrl}/docs/openapi.json`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!docRes.ok) throw new Error(`GET /docs/openapi.json answered ${docRes.status}`);
  const operations = operationsOf((await docRes.json()) as Parameters<typeof operationsOf>[0]).filter(
    (o) => !options.skip?.(o),
  );
  const findings: SweepFinding[] = [];
  let requests = 0;
  const statuses = new Map<number | string, number>();
  const record = (
    request: SweepRequest,
    authenticated: boolean,
    result: { outcome: number | string; excerpt: string },
  ) => {
    requests += 1;
    statuses.set(result.outcome, (statuses.get(result.outcome) ?? 0) + 1);
    if (typeof result.outcome === 'number' && result.outcome < 500) return;
    findings.push({
      method: request.operation.method,
      route: request.operation.route,
      input: request.input,
      authenticated,
      ...result,
    });
  };

  const nulHeader = await sendNulHeader(options.baseUrl, '/health', timeoutMs);
  const probe: SweepRequest = {
    operation: { method: 'GET', route: '/health', parameters: [], secured: false },
    input: 'header X-Sweep=NUL',
    path: '/health',
    query: {},
    headers: {},
  };
  const refused = typeof nulHeader.outcome === 'number' && nulHeader.outcome >= 400 && nulHeader.outcome < 500;
  record(
    probe,
    false,
    refused || typeof nulHeader.outcome !== 'number'
      ? nulHeader
      : { ...nulHeader, outcome: `${nulHeader.outcome} (expected a 4xx)` },
  );

  const concurrency = Math.max(1, options.concurrency ?? 4);
  for (const operation of operations) {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const batch = requestsFor(operation, options.pathValues ?? {});
    const jobs = batch.flatMap((request) => [{ request, token: undefined }, ...(token ? [{ request, token }] : [])]);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        record(job.request, job.token !== undefined, await send(options.baseUrl, job.request, job.token, timeoutMs));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return { operations: operations.length, requests, statuses, findings };
}
