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
  // Synchronous stdout (pino's default). An asynchronous destination flushes synchronously at exit and can
  // block forever when the reader of our stdout (a supervisor, a test runner) is itself waiting for us to exit.
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

export type { Logger };
