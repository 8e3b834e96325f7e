import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type LogMethod = (...args: unknown[]) => void;
const levelValues: Record<Level, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * Fastify gives every request its own child logger (`request.log`, bound to the request id). Most requests
 * never log anything through it, since the access line is written separately, so the pino child is only built on the
 * first call at an enabled level.
 */
export class LazyChildLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return (this.#child ?? this.parent).level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.real().child(bindings, options);
  }

  trace(...args: unknown[]): void {
    this.emit('trace', args);
  }

  debug(...args: unknown[]): void {
    this.emit('debug', args);
  }

  info(...args: unknown[]): void {
    this.emit('info', args);
  }

  warn(...args: unknown[]): void {
    this.emit('warn', args);
  }

  error(...args: unknown[]): void {
    this.emit('error', args);
  }

  fatal(...args: unknown[]): void {
    this.emit('fatal', args);
  }

  silent(): void {}

  private emit(level: Level, args: unknown[]): void {
    if (levelValues[level] < (this.#child ?? this.parent).levelVal) return;
    (this.real()[level] as LogMethod)(...args);
  }

  private real(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }
}
