import { runLauncher } from './launcher.js';

// The only file with side effects: run the launcher on this process and exit with its code.
try {
  process.exitCode = await runLauncher({
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    out: process.stdout,
    err: process.stderr,
  });
} catch (error) {
  process.stderr.write(`[symbia] the launcher failed unexpectedly: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
// Everything it started is stopped by now; a stray handle (a library timer) must not keep `npm start` alive.
setTimeout(() => process.exit(), 2_000).unref();
