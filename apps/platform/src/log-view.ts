// The terminal side of the launcher. It writes to the streams directly (no console.*), so STYLE 24's
// no-console rule needs no exception here: this is CLI output for a person, not service logging.

export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface LogView {
  /** One line of a service's output, behind a coloured, padded `[name]` prefix. */
  serviceLine(name: string, line: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Text as is (the status table, the usage). */
  raw(text: string): void;
  readonly color: boolean;
}

const LAUNCHER_PREFIX = 'symbia';
const SERVICE_COLOURS = [36, 35, 33, 34, 32, 96, 95, 93, 94, 92];
const ansi = (code: number, text: string) => `\u001b[${code}m${text}\u001b[0m`;

/** Colour only on a terminal and never with NO_COLOR set (https://no-color.org). */
export function shouldUseColor(stream: TerminalStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}

export function createLogView(input: {
  readonly out: TerminalStream;
  readonly err: TerminalStream;
  readonly color: boolean;
  /** Every name that may print, so prefixes line up. */
  readonly names: readonly string[];
}): LogView {
  const width = Math.max(LAUNCHER_PREFIX.length, ...input.names.map((name) => name.length)) + 2;
  const colours = new Map(input.names.map((name, index) => [name, SERVICE_COLOURS[index % SERVICE_COLOURS.length]!]));
  const paint = (code: number, text: string) => (input.color ? ansi(code, text) : text);
  const prefix = (name: string, code: number) => paint(code, `[${name}]`.padEnd(width));
  const launcher = (stream: TerminalStream, code: number, message: string) => {
    for (const line of message.split('\n'))
      stream.write(`${prefix(LAUNCHER_PREFIX, 1)} ${code ? paint(code, line) : line}\n`);
  };
  return {
    color: input.color,
    serviceLine: (name, line) => input.out.write(`${prefix(name, colours.get(name) ?? 37)} ${line}\n`),
    info: (message) => launcher(input.out, 0, message),
    warn: (message) => launcher(input.err, 33, message),
    error: (message) => launcher(input.err, 31, message),
    raw: (text) => input.out.write(text),
  };
}
