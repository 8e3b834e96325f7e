import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { FieldIssue } from '../errors/error-handler.js';

/*
 * Text that no store accepts: PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16 surrogate in jsonb
 * (its JSON escape). Such a string is refused at the edge with a 400 naming the field, before any hook, validation
 * or handler sees it. Each check is two steps: a cheap scan of the raw input that misses nearly every request,
 * then, only on a hit, a walk of the parsed value to find and name the field (a hit may be harmless, such as an
 * escaped backslash before `u0000`, or a surrogate pair).
 */

/** JSON text can carry NUL or a surrogate only as an escape: a raw control byte is not JSON, and the body was UTF-8. */
const suspiciousJson = /\\u(?:0000|[dD][89a-fA-F])/;

/** `String.prototype.isWellFormed` (ES2024, in node since 20): false when a surrogate is unpaired. */
const isWellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';
const SURROGATE_MESSAGE = 'must not contain an unpaired UTF-16 surrogate';

/** Why a string cannot be stored as text, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\0')) return NUL_MESSAGE;
  if (!isWellFormed.call(value)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * The first string (or object key) under `value` that cannot be stored, with its path (`body.items.0.name`).
 * Iterative, so a deeply nested document cannot overflow the stack; only runs after a cheap check has hit.
 */
export function findInvalidText(value: unknown, path: string): FieldIssue | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, where] = stack.pop()!;
    if (typeof current === 'string') {
      const message = textProblem(current);
      if (message !== undefined) return { field: where, message };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push([current[i], `${where}.${i}`]);
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (const key of keys) {
        const keyProblem = textProblem(key);
        if (keyProblem !== undefined) return { field: where, message: `has a key that ${keyProblem}` };
      }
      for (let i = keys.length - 1; i >= 0; i -= 1)
        stack.push([(current as Record<string, unknown>)[keys[i]!], `${where}.${keys[i]}`]);
    }
  }
  return undefined;
}

export function invalidTextError(issue: FieldIssue): AppError {
  return new AppError(400, ErrorCodes.invalidText, `Invalid text in ${issue.field}`, { details: [issue] });
}

/**
 * Replaces Fastify's JSON and plain-text body parsers with the same parsers plus the text check. The JSON parser
 * keeps Fastify's own (secure-json-parse refusing `__proto__` and `constructor.prototype`, empty-body handling).
 */
export function registerTextGuardedParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.indexOf('\\u') === -1 || !suspiciousJson.test(text)) {
      parseJson(request, text, done);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      const issue = findInvalidText(parsed, 'body');
      return issue ? done(invalidTextError(issue), undefined) : done(null, parsed);
    });
  });
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    const message = textProblem(body as string);
    if (message === undefined) done(null, body);
    else done(invalidTextError({ field: 'body', message }), undefined);
  });
}

/**
 * The URL part of the guard, called at the start of every routed request. Over HTTP a URL is bytes read as
 * Latin-1 and node refuses raw control bytes, so only a `%00` escape decodes to NUL in a path parameter or a
 * query value (an escaped surrogate is invalid UTF-8: the router answers 400 for it in the path and leaves it
 * undecoded in the query). Header values are Latin-1 too and node's parser refuses NUL in them with a 400, so
 * they need no check here; cookies, which are percent-decoded, are read by `@symbia/auth`'s `readCookie`.
 * Returns true when it has answered the request.
 */
export function refuseInvalidUrlText(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.url.indexOf('%00') === -1) return false;
  const issue = findInvalidText(request.params, 'params') ?? findInvalidText(request.query, 'query');
  if (!issue) return false;
  reply.send(invalidTextError(issue));
  return true;
}
