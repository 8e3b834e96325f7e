import pino, { type Logger } from 'pino';
import { isBatchedDestination } from './batched-destination.js';
import { boundedMemo } from '../bounded-memo.js';

/** What one `request completed` line reports. */
export interface AccessLogEntry {
  /** When the response completed, epoch milliseconds. */
  time: number;
  requestId: string;
  traceId: string | undefined;
  method: string;
  path: string;
  status: number;
  /** Milliseconds the response took; written with two decimals at most. */
  ms: number;
}

const levelFor = (status: number) => (status >= 500 ? 50 : status >= 400 ? 40 : 30);

/**
 * Writes the one line per request that every service emits, straight to the logger's destination in the
 * same JSON shape pino produces. Going through pino costs a child logger, a bindings merge, the redaction
 * walk and a generic stringify on every request; here the fields are fixed and known safe (the request id is
 * sanitised on the way in, method and trace id are tokens), so only the path needs JSON escaping and nothing
 * can carry a secret (the query string is dropped). The kit's own batched destination formats the lines when it
 * writes its batch; any other destination gets each line at once.
 */
export function createAccessLogWriter(logger: Logger, serviceId: string): (entry: AccessLogEntry) => void {
  const destination = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
  const formatLine = createAccessLineFormatter(serviceId);
  const writeLine = isBatchedDestination(destination)
    ? destination.formatLater(formatLine)
    : (entry: AccessLogEntry) => destination.write(formatLine(entry));
  return (entry) => {
    if (levelFor(entry.status) >= logger.levelVal) writeLine(entry);
  };
}

function createAccessLineFormatter(serviceId: string): (entry: AccessLogEntry) => string {
  // Each piece of a line is one more string concatenation (and allocation) per line, so the stretches that repeat
  // from line to line are joined ahead of time or kept from the previous line.
  const afterTime = `,"service":${JSON.stringify(serviceId)},"requestId":"`;
  // Lines formatted together mostly share a millisecond and a level: the line's start up to the request id is kept.
  let lastLevel = 0;
  let lastTime = 0;
  let lastStart = '';
  const startOf = (level: number, time: number) => {
    if (time !== lastTime || level !== lastLevel) {
      lastLevel = level;
      lastTime = time;
      lastStart = `{"level":${level},"time":${time}${afterTime}`;
    }
    return lastStart;
  };
  const methodPart = boundedMemo(32, (method: string) => `,"method":${JSON.stringify(method)},"path":`);
  const statusPart = boundedMemo(128, (status: number) => `,"status":${status},"ms":`);
  return (entry) => {
    const trace = entry.traceId === undefined ? '"' : `","traceId":"${entry.traceId}"`;
    return (
      startOf(levelFor(entry.status), entry.time) +
      entry.requestId +
      trace +
      methodPart(entry.method) +
      JSON.stringify(entry.path) +
      statusPart(entry.status) +
      millisecondsText(entry.ms) +
      ',"msg":"request completed"}\n'
    );
  };
}

/**
 * `ms` with two decimals, from integers: printing an arbitrary double takes V8's shortest-representation search,
 * printing two small integers does not.
 */
export function millisecondsText(ms: number): string {
  const hundredths = Math.round(ms * 100);
  if (!(hundredths >= 0 && hundredths < Number.MAX_SAFE_INTEGER)) return '0';
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths - whole * 100;
  return fraction < 10 ? `${whole}.0${fraction}` : `${whole}.${fraction}`;
}

/** The part of a URL before `?`, without allocating an array. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
