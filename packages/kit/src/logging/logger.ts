import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactDeep } from './redact.js';
import { createBatchedDestination } from './batched-destination.js';

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
  return pino(pinoOptions, options.destination ?? createBatchedDestination(1));
}

export type { Logger };
