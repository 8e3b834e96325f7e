/** How a child process ended: an exit code, a signal, or a spawn error (the command could not run at all). */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: string;
}

export function describeExit(exit: ExitInfo): string {
  if (exit.error !== undefined) return `could not be started (${exit.error})`;
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}
