import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type LogMethod = (...args: unknown[]) => void;
/** pino's `child`, called with the logger it belongs to as `this`. */
type ChildMethod = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
const levelValues: Record<Level, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * Fastify gives every request its own child logger (`request.log`, bound to the request id). Most requests
 * never log anything through it, since the access line is written separately, so the pino child is only built on the
 * first call at an enabled level.
 */
export class LazyChildLogger {
  #child: Logger | undefined;

  /** `makeChild` is pino's own `child`, called on `parent` when the real logger is needed. */
  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions | undefined,
    private readonly makeChild: ChildMethod = parent.child as unknown as ChildMethod,
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
    return (this.#child ??= this.makeChild.call(this.parent, this.bindings, this.options));
  }
}

/**
 * Makes `logger.child()` (and the same method inherited by its pino children) return lazy children. Fastify builds
 * `request.log` with `child()`; doing it here rather than through Fastify's `childLoggerFactory` option skips the
 * logger-shape validation Fastify runs on every request whose child comes from a custom factory.
 */
export function makeChildrenLazy(logger: Logger): void {
  const pinoChild = logger.child as unknown as ChildMethod;
  const lazyChild: ChildMethod = function (this: Logger, bindings, options) {
    return new LazyChildLogger(this, bindings, options, pinoChild) as unknown as Logger;
  };
  logger.child = lazyChild as unknown as Logger['child'];
}
