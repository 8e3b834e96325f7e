/**
 * The slice of a pino logger this package needs. A pino `Logger` satisfies it, so services pass theirs
 * straight in; nothing here writes to the console (STYLE 24).
 */
export interface DbLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  debug?(obj: Record<string, unknown>, msg?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: DbLogger = { info: noop, warn: noop, error: noop, debug: noop };
