import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCodes } from '../errors/error-codes.js';

interface ParserError extends Error {
  code?: string;
}

/** Answers for requests node's HTTP parser refused, before Fastify saw them: status, code and message. */
function answerFor(error: ParserError): [number, string, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [408, ErrorCodes.requestTimeout, 'The request took too long to arrive'];
  if (error.code === 'HPE_HEADER_OVERFLOW') return [431, ErrorCodes.headersTooLarge, 'Request headers are too large'];
  // NUL or another control byte in a header, a malformed request line or chunk: node refuses it as it parses.
  return [400, ErrorCodes.malformedRequest, 'Malformed HTTP request'];
}

/**
 * Fastify's `clientErrorHandler`: the same answers as Fastify's own, in the platform's error shape (a body with a
 * `code`). There is no request yet, hence no request id; nothing from the refused bytes is echoed.
 */
export function answerClientError(error: ParserError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = answerFor(error);
  const body = JSON.stringify({ error: message, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
