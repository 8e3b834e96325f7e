/** What the relay logs through: pino's signature, so a service passes `app.log` (STYLE 24). */
export interface RelayLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

const noop = () => {};
export const silentRelayLogger: RelayLogger = { debug: noop, info: noop, warn: noop, error: noop };

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
