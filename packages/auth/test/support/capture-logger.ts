import type { AuthLogger } from '../../src/index.js';

/** Records every log call so tests can assert what was (never) logged. */
export function createCaptureLogger(): AuthLogger & {
  lines: { level: string; obj: Record<string, unknown>; msg?: string }[];
  text(): string;
} {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}
