import { describeExit, type ExitInfo } from './exit-info.js';
import { formatSeconds } from './wait-for-http.js';

export type StartFailureReason =
  'port_in_use' | 'migration_failed' | 'database_unreachable' | 'exited' | 'timeout' | 'aborted';

export interface StartFailureDetails {
  readonly service: string;
  readonly reason: StartFailureReason;
  /** The cause alone, e.g. "port 5001 is already in use"; the message prefixes the service name. */
  readonly problem: string;
  readonly lastLines: readonly string[];
  readonly exit?: ExitInfo;
  readonly logFile?: string;
  /** The child's pid, when it got as far as being spawned (it has been stopped or has exited). */
  readonly pid?: number;
}

/** A service did not become ready. The message is a plain sentence a person can act on (platform.md W15). */
export class ServiceStartError extends Error {
  readonly service: string;
  readonly reason: StartFailureReason;
  readonly problem: string;
  readonly lastLines: readonly string[];
  readonly exit?: ExitInfo;
  readonly logFile?: string;
  readonly pid?: number;

  constructor(details: StartFailureDetails) {
    super(`${details.service} failed to start: ${details.problem}${linesSuffix(details)}`);
    this.name = 'ServiceStartError';
    this.service = details.service;
    this.reason = details.reason;
    this.problem = details.problem;
    this.lastLines = details.lastLines;
    this.exit = details.exit;
    this.logFile = details.logFile;
    this.pid = details.pid;
  }
}

// Classified causes already quote the line that matters; the generic ones need the tail to be actionable.
function linesSuffix(details: StartFailureDetails): string {
  if (details.reason !== 'exited' && details.reason !== 'timeout') return '';
  const tail = details.lastLines.slice(-LINES_IN_MESSAGE);
  if (tail.length === 0) return '\n  (it printed nothing)';
  return `\n  last lines:\n${tail.map((line) => `    ${line}`).join('\n')}`;
}

const LINES_IN_MESSAGE = 12;
const MAX_QUOTE_CHARS = 300;

export interface FailureEvidence {
  readonly port: number;
  readonly lines: readonly string[];
  readonly exit?: ExitInfo;
  readonly timeoutMs?: number;
  readonly readyUrl?: string;
  readonly lastOutcome?: string;
  /** The DATABASE_URL the child was given: its port tells a refused database connection from a refused peer. */
  readonly databaseUrl?: string;
}

/** Names the cause of a failed start from the child's last lines, its exit and the readiness outcome. */
export function classifyStartFailure(evidence: FailureEvidence): { reason: StartFailureReason; problem: string } {
  // Newest first: the line that killed the process is near the end, earlier ones may merely mention words.
  const lines = evidence.lines.map(readableLine).reverse();
  const portLine = lines.find((line) => /EADDRINUSE|address already in use/i.test(line));
  if (portLine !== undefined) {
    const port = /address already in use\s+\S*?:(\d{1,5})\b/i.exec(portLine)?.[1] ?? String(evidence.port);
    return { reason: 'port_in_use', problem: `port ${port} is already in use` };
  }
  const migrationLine = lines.find(
    (line) => /\bmigrations?\b.*\bfailed\b/i.test(line) || /\bfailed\b.*\bmigrations?\b/i.test(line),
  );
  if (migrationLine !== undefined) {
    return { reason: 'migration_failed', problem: `a database migration failed: ${quote(migrationLine)}` };
  }
  const databaseTarget = findRefusedDatabase(lines, evidence.databaseUrl);
  if (databaseTarget !== undefined) {
    return {
      reason: 'database_unreachable',
      problem:
        `cannot reach PostgreSQL at ${databaseTarget} (connection refused); ` +
        'is it running, and is DATABASE_URL right?',
    };
  }
  if (evidence.exit !== undefined) return { reason: 'exited', problem: describeExit(evidence.exit) };
  const waited = evidence.timeoutMs === undefined ? '' : ` within ${formatSeconds(evidence.timeoutMs)}`;
  const target =
    evidence.readyUrl === undefined ? '' : ` (GET ${evidence.readyUrl}: ${evidence.lastOutcome ?? 'no answer'})`;
  return { reason: 'timeout', problem: `did not become ready${waited}${target}` };
}

function findRefusedDatabase(lines: readonly string[], databaseUrl: string | undefined): string | undefined {
  const database = parseHostPort(databaseUrl);
  for (const line of lines) {
    if (!/ECONNREFUSED/.test(line)) continue;
    const target = /ECONNREFUSED\s+(\S+:\d{1,5})/.exec(line)?.[1];
    const targetPort = target?.slice(target.lastIndexOf(':') + 1);
    const fallback = database === undefined ? 'its database' : `${database.host}:${database.port}`;
    if (database !== undefined && targetPort === database.port) return target ?? fallback;
    // A refused peer service (say identity during its restart) must not read as a database outage.
    if (/postgres|database|\bpg\b/i.test(line)) return target ?? fallback;
  }
  return undefined;
}

function parseHostPort(url: string | undefined): { host: string; port: string } | undefined {
  if (url === undefined || url === '') return undefined;
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname || 'localhost', port: parsed.port || '5432' };
  } catch {
    return undefined;
  }
}

/** pino prints JSON; the sentence a person needs is its `msg` (and the error's message). */
export function readableLine(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  try {
    const record = JSON.parse(trimmed) as { msg?: unknown; err?: { message?: unknown; code?: unknown } };
    const parts = [record.msg, record.err?.message, record.err?.code].filter((part) => typeof part === 'string');
    return parts.length > 0 ? parts.join(': ') : trimmed;
  } catch {
    return trimmed;
  }
}

function quote(line: string): string {
  return line.length > MAX_QUOTE_CHARS ? `${line.slice(0, MAX_QUOTE_CHARS)}…` : line;
}
