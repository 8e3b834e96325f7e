import pino, { type Logger } from 'pino';
import { isBatchedDestination } from './batched-destination.js';

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
  const writeLine = isBatchedDestination(destination) ? destination.formatLater(formatLine) : (entry: AccessLogEntry) => destination.write(formatLine(entry));
  return (entry) => {
    if (levelFor(entry.status) >= logger.levelVal) writeLine(entry);
  };
}

function createAccessLineFormatter(serviceId: string): (entry: AccessLogEntry) => string {
  // Constant stretches of the line are joined ahead of time: every piece is one more string concatenation per line.
  const opening = new Map([30, 40, 50].map((level) => [level, `{"level":${level},"time":`]));
  const afterTime = `,"service":${JSON.stringify(serviceId)},"requestId":"`;
  const methodParts = new Map<string, string>();
  const methodPart = (method: string) => {
    let part = methodParts.get(method);
    if (part === undefined) {
      part = `,"method":${JSON.stringify(method)},"path":`;
      // Methods are a short fixed list in practice; an unbounded variety of odd ones is not kept.
      if (methodParts.size < 32) methodParts.set(method, part);
    }
    return part;
  };
  // Lines formatted together mostly share a millisecond; a 13-digit time is not a small integer, so its text is kept.
  let lastTime = 0;
  let lastTimeText = '0';
  const timeText = (time: number) => {
    if (time !== lastTime) {
      lastTime = time;
      lastTimeText = `${time}`;
    }
    return lastTimeText;
  };
  return (entry) => {
    const trace = entry.traceId === undefined ? '"' : `","traceId":"${entry.traceId}"`;
    return (
      `${opening.get(levelFor(entry.status))}${timeText(entry.time)}${afterTime}${entry.requestId}${trace}${methodPart(entry.method)}${JSON.stringify(entry.path)}` +
      `,"status":${entry.status},"ms":${millisecondsText(entry.ms)},"msg":"request completed"}\n`
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
