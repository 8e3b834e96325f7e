/**
 * Event-type patterns of contracts and bridges (docs/spec/network.md §3.2): an exact type, `*` (any type), or
 * `prefix.*` (any type starting with `prefix.`). Compiled once per contract so routing does no string parsing.
 */
export interface TypePatterns {
  readonly any: boolean;
  readonly exact: ReadonlySet<string>;
  /** Each ends with the dot: `message.` for `message.*`. */
  readonly prefixes: readonly string[];
}

export function compileTypePatterns(patterns: readonly string[]): TypePatterns {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  let any = false;
  for (const pattern of patterns) {
    if (pattern === '*') any = true;
    else if (pattern.endsWith('.*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  return { any, exact, prefixes };
}

export function matchesType(patterns: TypePatterns, type: string): boolean {
  if (patterns.any || patterns.exact.has(type)) return true;
  for (const prefix of patterns.prefixes) if (type.startsWith(prefix)) return true;
  return false;
}
