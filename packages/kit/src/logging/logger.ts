import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactDeep } from './redact.js';

export interface CreateLoggerOptions {
  serviceId: string;
  level: LoggerOptions['level'];
  destination?: DestinationStream;
}

/** pino with the service name bound and recursive redaction of every logged object. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    base: { service: options.serviceId },
    // Epoch milliseconds (pino's default): formatting an ISO date on every line is measurable on the hot path.
    timestamp: pino.stdTimeFunctions.epochTime,
    formatters: {
      log: (object) => redactDeep(object),
    },
    serializers: {
      err: pino.stdSerializers.err,
      error: pino.stdSerializers.err,
    },
  };
  // Asynchronous stdout: under load, lines queued while a write is in flight go out in one syscall instead of
  // one each; when idle every line is written at once. pino flushes it on exit.
  return pino(pinoOptions, options.destination ?? pino.destination({ dest: 1, sync: false }));
}

export type { Logger };
