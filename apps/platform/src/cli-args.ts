/** What `npm start -- <args>` asked for. Names in `only` are checked later, against the discovered services. */
export type CliArgs = { readonly help: true } | { readonly help: false; readonly only?: readonly string[] };

/** Bad command line: the launcher prints the message and the usage, and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const usageText = `Usage: npm start [-- --only <service,...>]

Starts PostgreSQL (embedded, unless DATABASE_URL is set) and every Symbia service in the workspace,
in tier order, each once the tier before it is ready. Ctrl-C stops everything.

Options:
  --only <a,b,...>   start only these services (e.g. --only identity,catalog)
  -h, --help         show this help

Environment:
  DATABASE_URL             use this PostgreSQL instead of the embedded one
  SYMBIA_POSTGRES_PORT     port of the embedded PostgreSQL (default 54329)
  <SERVICE>_PORT           port of one service (e.g. IDENTITY_PORT=6001)
  SYMBIA_ADMIN_EMAIL, SYMBIA_ADMIN_PASSWORD   first super admin, handed to identity
  SYMBIA_HOME              state directory (default <repo>/.symbia)
  NO_COLOR                 plain output
`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let only: string[] | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[(index += 1)] : arg.slice('--only='.length);
      if (value === undefined || value.startsWith('-')) {
        throw new CliUsageError('--only needs a list of services, e.g. --only identity,catalog');
      }
      only = [...(only ?? []), ...splitList(value)];
      if (only.length === 0) throw new CliUsageError('--only needs at least one service name');
      continue;
    }
    throw new CliUsageError(`unknown argument "${arg}"`);
  }
  return only === undefined ? { help: false } : { help: false, only };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
