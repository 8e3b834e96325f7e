/** The slice of a pino (or Fastify) logger this package uses; pass `app.log` or a pino child. */
export type AuthLogFn = (obj: Record<string, unknown>, msg?: string) => void;

export interface AuthLogger {
  debug?: AuthLogFn;
  info: AuthLogFn;
  warn: AuthLogFn;
  error: AuthLogFn;
}

const noop: AuthLogFn = () => {};

export const silentLogger: AuthLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** Milliseconds since the epoch; injectable so tests can move time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export type FetchLike = typeof fetch;

/** Errors are logged by class and message only: a fetch error's cause can echo request details. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { errorName: err.name, errorMessage: err.message };
  return { errorMessage: String(err) };
}
