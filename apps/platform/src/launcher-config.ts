import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the launcher reads from its own environment, read once (STYLE 10). */
export interface LauncherConfig {
  /** Repository root: where `services/` and `apps/` are. */
  readonly root: string;
  /** State directory, git-ignored: secrets, logs, embedded PostgreSQL data. */
  readonly home: string;
  readonly logsDir: string;
  readonly secretsFile: string;
  readonly postgresDir: string;
  /** Explicit SYMBIA_POSTGRES_PORT; without it the default port may fall back to a free one. */
  readonly postgresPort: { readonly port: number; readonly explicit: boolean };
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
}

/** Default embedded PostgreSQL port: clear of a system PostgreSQL on 5432. */
export const DEFAULT_POSTGRES_PORT = 54329;
const DEFAULT_READY_TIMEOUT_MS = 60_000;
// Services drain for up to a few seconds after SIGTERM (platform.md §4.4); past this they are killed.
const DEFAULT_STOP_TIMEOUT_MS = 15_000;

// apps/platform/src/ → repository root.
const launcherRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function loadLauncherConfig(env: Readonly<Record<string, string | undefined>>): LauncherConfig {
  const root = path.resolve(nonEmpty(env.SYMBIA_ROOT) ?? launcherRoot);
  const home = path.resolve(nonEmpty(env.SYMBIA_HOME) ?? path.join(root, '.symbia'));
  const postgresPort = nonEmpty(env.SYMBIA_POSTGRES_PORT);
  return {
    root,
    home,
    logsDir: path.join(home, 'logs'),
    secretsFile: path.join(home, 'secrets.env'),
    postgresDir: path.join(home, 'postgres'),
    postgresPort: {
      port: postgresPort === undefined ? DEFAULT_POSTGRES_PORT : parsePort('SYMBIA_POSTGRES_PORT', postgresPort),
      explicit: postgresPort !== undefined,
    },
    readyTimeoutMs: parseMs(env, 'SYMBIA_READY_TIMEOUT_MS', DEFAULT_READY_TIMEOUT_MS),
    stopTimeoutMs: parseMs(env, 'SYMBIA_STOP_TIMEOUT_MS', DEFAULT_STOP_TIMEOUT_MS),
  };
}

/** A port variable's value, or an error sentence naming the variable. */
export function parsePort(variable: string, raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LauncherConfigError(`${variable} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return port;
}

export class LauncherConfigError extends Error {
  override readonly name = 'LauncherConfigError';
}

function parseMs(env: Readonly<Record<string, string | undefined>>, variable: string, fallback: number): number {
  const raw = nonEmpty(env[variable]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new LauncherConfigError(`${variable} must be a positive number of milliseconds, got "${raw}"`);
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
