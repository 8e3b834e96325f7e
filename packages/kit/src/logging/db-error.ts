/**
 * Database errors carry the values a query was run with: Drizzle's `DrizzleQueryError` puts them in its message
 * (`Failed query: … params: …`) and in `params`, and PostgreSQL's `detail` (`Key (email)=(…)`, `Failing row
 * contains (…)`) and data-exception messages (`invalid input syntax for type uuid: "…"`) quote them. Those
 * values are password hashes, vault ciphertext and personal data, so a logged error keeps the SQL text and the
 * error's identifiers (SQLSTATE, constraint, table, column) and never a value (issue 16, low).
 */

const PARAMS_MARKER = '\nparams: ';
const REDACTED_PARAMS = '\nparams: [redacted]';
const MAX_CHAIN = 8;

/** The fields of a PostgreSQL error (pg-protocol `DatabaseError`) that name things rather than hold values. */
const safePgFields = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
  'position',
  'file',
  'line',
];

type ErrorLike = Error & Record<string, unknown>;

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

function isDrizzleQueryError(err: ErrorLike): boolean {
  return typeof err.query === 'string' && 'params' in err && err.message.startsWith('Failed query:');
}

function isPgDatabaseError(err: ErrorLike): boolean {
  return typeof err.severity === 'string' && typeof err.code === 'string' && ('routine' in err || 'detail' in err);
}

function needsSanitising(err: ErrorLike): boolean {
  return isDrizzleQueryError(err) || isPgDatabaseError(err) || err.message.includes(PARAMS_MARKER);
}

/** Drops everything after Drizzle's `params:` marker: values may contain newlines, so the end of the line is no bound. */
export function scrubParamsFromText(message: string): string {
  const at = message.indexOf(PARAMS_MARKER);
  return at < 0 ? message : message.slice(0, at) + REDACTED_PARAMS;
}

/** The stack's head repeats the message; the frames (`\n    at …`) are kept. */
function scrubStack(stack: string | undefined, message: string, name: string): string | undefined {
  if (stack === undefined) return undefined;
  const firstFrame = stack.search(/\n\s+at /);
  const frames = firstFrame < 0 ? '' : stack.slice(firstFrame);
  return `${name}: ${message}${frames}`;
}

/** SQLSTATE class 22 (data exception) messages quote the offending value; other classes quote identifiers only. */
function scrubPgMessage(message: string, code: unknown): string {
  const scrubbed = scrubParamsFromText(message);
  if (typeof code === 'string' && code.startsWith('22')) return scrubbed.replace(/"(?:[^"]|"")*"/g, '"[redacted]"');
  return scrubbed;
}

function copySafePgFields(err: ErrorLike, into: Record<string, unknown>): void {
  for (const field of safePgFields) if (err[field] !== undefined) into[field] = err[field];
}

function chainNeedsSanitising(err: ErrorLike): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CHAIN && isErrorLike(current); depth += 1) {
    if (needsSanitising(current)) return true;
    current = current.cause;
  }
  return false;
}

function sanitiseOne(err: ErrorLike, depth: number): ErrorLike {
  const name = typeof err.name === 'string' ? err.name : 'Error';
  let message: string;
  const props: Record<string, unknown> = {};
  if (isDrizzleQueryError(err)) {
    message = `Failed query: ${err.query as string}`;
    props.query = err.query;
    // pino's serializer folds a cause into the message and stack only, so the SQLSTATE and names come up here.
    if (isErrorLike(err.cause) && isPgDatabaseError(err.cause)) copySafePgFields(err.cause, props);
  } else if (isPgDatabaseError(err)) {
    message = scrubPgMessage(err.message, err.code);
    copySafePgFields(err, props);
  } else {
    message = scrubParamsFromText(err.message);
    for (const key of Object.keys(err)) if (key !== 'cause' && key !== 'params') props[key] = err[key];
  }
  const copy = new Error(message) as ErrorLike;
  copy.name = name;
  Object.defineProperty(copy, 'constructor', { value: err.constructor, enumerable: false });
  copy.stack = scrubStack(err.stack, message, name);
  Object.assign(copy, props);
  if (isErrorLike(err.cause) && depth + 1 < MAX_CHAIN) copy.cause = sanitiseOne(err.cause, depth + 1);
  return copy;
}

/**
 * Returns the error itself when nothing in its cause chain is a database error (the common case), else a copy
 * of the chain with parameter values removed from every message, stack and field.
 */
export function sanitiseErrorForLog<T>(value: T): T {
  if (!isErrorLike(value) || !chainNeedsSanitising(value)) return value;
  return sanitiseOne(value, 0) as T;
}
