import pino, { type Logger } from 'pino';

/** What one `request completed` line reports. */
export interface AccessLogEntry {
  requestId: string;
  traceId: string | undefined;
  method: string;
  path: string;
  status: number;
  ms: number;
}

const levelFor = (status: number) => (status >= 500 ? 50 : status >= 400 ? 40 : 30);

/**
 * Writes the one line per request that every service emits, straight to the logger's destination in the
 * same JSON shape pino produces. Going through pino costs a child logger, a bindings merge, the redaction
 * walk and a generic stringify on every request; here the fields are fixed and known safe (the request id is
 * sanitised on the way in, method and trace id are tokens), so only the path needs JSON escaping and nothing
 * can carry a secret (the query string is dropped).
 */
export function createAccessLogWriter(logger: Logger, serviceId: string): (entry: AccessLogEntry) => void {
  const destination = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
  const service = JSON.stringify(serviceId);
  // Constant stretches of the line are joined ahead of time: every piece is one more string concatenation per line.
  const opening = new Map([30, 40, 50].map((level) => [level, `{"level":${level},"time":`]));
  const afterTime = `,"service":${service},"requestId":"`;
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
  return (entry) => {
    const level = levelFor(entry.status);
    if (level < logger.levelVal) return;
    const trace = entry.traceId === undefined ? '"' : `","traceId":"${entry.traceId}"`;
    destination.write(
      `${opening.get(level)}${Date.now()}${afterTime}${entry.requestId}${trace}${methodPart(entry.method)}${JSON.stringify(entry.path)}` +
        `,"status":${entry.status},"ms":${entry.ms},"msg":"request completed"}\n`,
    );
  };
}

/** The part of a URL before `?`, without allocating an array. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
