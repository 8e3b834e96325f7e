/**
 * Where the one-time setup token is shown: a person's terminal, never the log stream (issue 16: it was written
 * to `.symbia/logs/identity.log`, where anyone who reads logs could claim the super admin).
 */
export interface SetupTokenOutput {
  /** False when there is no terminal to show it on; no token is created then. */
  canShow(): boolean;
  show(text: string): void;
}

/** For apps built without a terminal (tests that do not ask for the token). */
export const noSetupTokenOutput: SetupTokenOutput = { canShow: () => false, show: () => undefined };

/**
 * Under a supervisor (`npm start`, `@symbia/testing`) the text goes over the IPC channel as a
 * `symbia:terminal` message, which the launcher prints on its terminal and never writes to a log file
 * (@symbia/supervisor README). Run alone, it goes to stderr only when stderr is a terminal.
 */
export function createTerminalOutput(proc: NodeJS.Process = process): SetupTokenOutput {
  const supervised = () => proc.send !== undefined && proc.connected;
  return {
    canShow: () => supervised() || proc.stderr.isTTY === true,
    show(text) {
      if (supervised()) proc.send!({ type: 'symbia:terminal', text });
      else proc.stderr.write(`${text}\n`);
    },
  };
}
