import type { DbLogger } from '../logger.js';

export interface ServerOutput {
  onLog(message: string): void;
  onError(messageOrError: unknown): void;
  /** The last lines PostgreSQL/initdb printed, for error messages. */
  tail(): string;
  includes(text: string): boolean;
}

const KEEP_LINES = 30;

/** Routes postgres/initdb output to our logger (the package defaults to console.log/console.error). */
export function createServerOutput(logger: DbLogger): ServerOutput {
  const lines: string[] = [];
  const remember = (text: string): void => {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      lines.push(trimmed);
      if (lines.length > KEEP_LINES) lines.shift();
      if (/\b(FATAL|PANIC):/.test(trimmed)) logger.error({ postgres: trimmed }, 'embedded PostgreSQL');
      else logger.debug?.({ postgres: trimmed }, 'embedded PostgreSQL');
    }
  };
  return {
    onLog: remember,
    onError(messageOrError) {
      if (messageOrError instanceof Error) {
        lines.push(messageOrError.message);
        logger.error({ err: messageOrError }, 'embedded PostgreSQL');
      } else {
        remember(String(messageOrError));
      }
    },
    tail: () => lines.slice(-10).join('\n'),
    includes: (text) => lines.some((line) => line.includes(text)),
  };
}
