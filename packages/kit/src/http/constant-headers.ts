import {
  IncomingMessage,
  ServerResponse,
  validateHeaderName,
  validateHeaderValue,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Socket } from 'node:net';

/** What node keeps of a response head once `writeHead` has rendered it (the status line and every header line). */
interface RenderedHead {
  _header: string | null;
}

type HeadersArgument = OutgoingHttpHeaders | readonly unknown[] | undefined;
type WriteHead = (this: ServerResponse, ...args: unknown[]) => ServerResponse;

export interface ConstantHeaderResponses {
  /**
   * A `ServerResponse` for node's HTTP server (Fastify's `http.ServerResponse` option) whose head always ends
   * with the constant headers; undefined where this Node.js does not render heads the way the class relies on.
   */
  ServerResponse: typeof ServerResponse | undefined;
  /** Whether `response` adds the headers by itself; false for any other response, such as `app.inject()`'s. */
  carries(response: ServerResponse): boolean;
  /**
   * Gives one of its own responses the value of the per-response header named at creation, and says whether it
   * was one (false: the caller sets its headers the usual way). Nothing checks the value here: only pass text
   * already restricted to header-safe characters (the kit passes request ids).
   */
  setPerResponseValue(response: ServerResponse, value: string): boolean;
}

export interface ConstantHeaderOptions {
  /** A header every response carries with a value of its own (the request id), appended with the block. */
  perResponseHeader?: string;
}

/** Where one of these responses keeps its rendered per-response header line. */
const perResponseLine = Symbol('symbia.perResponseLine');
type WithPerResponseLine = ServerResponse & { [perResponseLine]: string };

/**
 * Headers that every response carries with the same value (the security headers) are checked and rendered once,
 * at start, then appended to each response head as one block. Set through the usual header API instead, node
 * validates each name and value against its grammar on every response: with five or six such headers that was
 * about a tenth of a small JSON response's total cost. A response that sets one of these headers itself (the
 * HTML docs page loosens the CSP) keeps its own value, and the block leaves that line out.
 */
export function createConstantHeaderResponses(
  headers: Readonly<Record<string, string>>,
  options: ConstantHeaderOptions = {},
): ConstantHeaderResponses {
  const perResponseName = options.perResponseHeader?.toLowerCase();
  if (perResponseName !== undefined) validateHeaderName(perResponseName);
  // The per-response header, if any, comes last: an override bit like the others, but no line of the block.
  const names = [
    ...Object.keys(headers).map((name) => name.toLowerCase()),
    ...(perResponseName === undefined ? [] : [perResponseName]),
  ];
  const perResponseBit = perResponseName === undefined ? 0 : 1 << (names.length - 1);
  // Overridden headers are tracked as bits of one integer.
  if (names.length > 30) throw new Error('at most 30 constant response headers');
  for (const name of Object.keys(headers)) {
    validateHeaderName(name);
    validateHeaderValue(name, headers[name]!);
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name.toLowerCase()}: ${value}\r\n`);
  const bitOf = new Map(names.map((name, i) => [name, 1 << i]));
  // One rendered block per set of headers the response has overridden, built on first use.
  const blocks = new Map<number, string>();
  const blockWithout = (overridden: number) => {
    let block = blocks.get(overridden);
    if (block === undefined) {
      block = lines.filter((_, i) => (overridden & (1 << i)) === 0).join('');
      blocks.set(overridden, block);
    }
    return block;
  };
  const overriddenBit = (name: unknown) =>
    typeof name === 'string' ? (bitOf.get(name) ?? bitOf.get(name.toLowerCase()) ?? 0) : 0;

  /**
   * Which of the constant headers the response sets itself: through `setHeader` (any case), or in `writeHead`'s
   * argument under the lower-case name (Fastify's own headers always are; node would send a mixed-case duplicate
   * as a second line). Runs on every response, so the common case is a few property reads.
   */
  const overriddenBy = (response: ServerResponse, given: HeadersArgument): number => {
    let overridden = 0;
    if (Array.isArray(given)) {
      // node takes [name, value, name, value] or [[name, value], ...]; rare enough to compare every name.
      if (Array.isArray(given[0])) for (const entry of given as unknown[][]) overridden |= overriddenBit(entry[0]);
      else for (let i = 0; i < given.length; i += 2) overridden |= overriddenBit(given[i]);
    } else if (given) {
      const byName = given as Record<string, unknown>;
      for (let i = 0; i < names.length; i += 1) if (byName[names[i]!] !== undefined) overridden |= 1 << i;
    }
    // Names set through setHeader come back lower-cased; usually there are none.
    for (const name of response.getHeaderNames()) overridden |= bitOf.get(name) ?? 0;
    return overridden;
  };

  const writeHead = ServerResponse.prototype.writeHead as unknown as WriteHead;
  // node's own signature, (statusCode[, statusMessage][, headers]), spelled out: a rest parameter costs an array.
  function writeHeadWithConstantHeaders(
    this: ServerResponse,
    statusCode: number,
    message?: unknown,
    given?: unknown,
  ): ServerResponse {
    writeHead.call(this, statusCode, message, given);
    const rendered = this as unknown as RenderedHead;
    const head = rendered._header;
    // The head ends with the empty line; the block goes just before it.
    if (typeof head === 'string' && head.endsWith('\r\n\r\n')) {
      const overridden =
        names.length > 0 ? overriddenBy(this, (typeof message === 'string' ? given : message) as HeadersArgument) : 0;
      const ownLine = (overridden & perResponseBit) === 0 ? (this as WithPerResponseLine)[perResponseLine] : '';
      rendered._header = head.slice(0, -2) + blockWithout(overridden & ~perResponseBit) + ownLine + '\r\n';
    }
    return this;
  }

  // A constructor function rather than `class extends ServerResponse`: V8 builds instances of a class derived from
  // node's function-style constructor far more slowly, enough to cost more than the block saves.
  function ConstantHeaderResponse(this: WithPerResponseLine, request: IncomingMessage, responseOptions?: unknown) {
    (ServerResponse as unknown as (this: ServerResponse, ...args: unknown[]) => void).call(
      this,
      request,
      responseOptions,
    );
    this[perResponseLine] = '';
  }
  Object.setPrototypeOf(ConstantHeaderResponse.prototype, ServerResponse.prototype);
  Object.setPrototypeOf(ConstantHeaderResponse, ServerResponse);
  ConstantHeaderResponse.prototype.writeHead = writeHeadWithConstantHeaders;
  const Response = ConstantHeaderResponse as unknown as typeof ServerResponse;

  if (!rendersHeadAsExpected(Response, lines.join('')))
    return { ServerResponse: undefined, carries: () => false, setPerResponseValue: () => false };
  const linePrefix = `${perResponseName}: `;
  return {
    ServerResponse: Response,
    carries: (response) => response instanceof Response,
    setPerResponseValue: (response, value) => {
      if (!(response instanceof Response)) return false;
      if (perResponseName !== undefined)
        (response as WithPerResponseLine)[perResponseLine] = `${linePrefix}${value}\r\n`;
      return true;
    },
  };
}

/**
 * `_header` is where node has kept a rendered head since its first releases, and what `headersSent` reads; if a
 * future Node.js stops using it, the headers are set the usual way instead of silently going missing.
 */
function rendersHeadAsExpected(Response: typeof ServerResponse, block: string): boolean {
  try {
    const response = new Response(new IncomingMessage(new Socket()));
    response.writeHead(200, { 'content-length': '0' });
    const head = (response as unknown as RenderedHead)._header;
    return (
      typeof head === 'string' &&
      head.startsWith('HTTP/1.1 200 OK\r\n') &&
      head.endsWith(`\r\n${block}\r\n`) &&
      response.headersSent
    );
  } catch {
    return false;
  }
}
