export interface ShutdownSignals {
  /** Aborts on the first SIGINT/SIGTERM: stop gracefully. */
  readonly graceful: AbortSignal;
  /** Aborts on the second: stop waiting and kill. */
  readonly force: AbortSignal;
  /** The first signal's name, once there was one. */
  received(): NodeJS.Signals | undefined;
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Ctrl-C once stops everything in order; Ctrl-C again kills what is still running. */
export function watchShutdownSignals(onSignal: (signal: NodeJS.Signals, forced: boolean) => void): ShutdownSignals {
  const graceful = new AbortController();
  const force = new AbortController();
  let first: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals) => {
    const forced = first !== undefined;
    first ??= signal;
    (forced ? force : graceful).abort();
    onSignal(signal, forced);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    graceful: graceful.signal,
    force: force.signal,
    received: () => first,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, handler);
    },
  };
}
