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
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (object) => redactDeep(object),
    },
    serializers: {
      err: pino.stdSerializers.err,
      error: pino.stdSerializers.err,
    },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

export type { Logger };
