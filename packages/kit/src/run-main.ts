import { ConfigError } from './config/load-service-config.js';

/**
 * Wraps a service's `main`: a configuration problem (missing or weak secret in production, a bad port) ends the
 * process with exit code 1 and a message naming each variable, instead of a stack trace.
 */
export function runMain(main: () => Promise<unknown>, io: { stderr?: NodeJS.WritableStream; exit?: (code: number) => void } = {}): void {
  const stderr = io.stderr ?? process.stderr;
  const exit = io.exit ?? ((code: number) => process.exit(code));
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      stderr.write(`${error.message}\n`);
    } else {
      stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    exit(1);
  });
}
