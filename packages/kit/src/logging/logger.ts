import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactDeep } from './redact.js';
import { createBatchedDestination } from './batched-destination.js';
import { sanitiseErrorForLog, scrubParamsFromText } from './db-error.js';

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
    hooks: {
      // `log.error({ err }, err.message)` would carry Drizzle's parameter list in the message itself.
      logMethod(args, method) {
        for (let i = 0; i < args.length; i += 1)
          if (typeof args[i] === 'string') args[i] = scrubParamsFromText(args[i] as string);
        method.apply(this, args);
      },
    },
    serializers: {
      err: serializeError,
      error: serializeError,
    },
  };
  return pino(pinoOptions, options.destination ?? createBatchedDestination(1));
}

/** pino's error serializer, after database errors lost their parameter values (see db-error.ts). */
function serializeError(err: unknown): unknown {
  return pino.stdSerializers.err(sanitiseErrorForLog(err) as Error);
}

export type { Logger };
