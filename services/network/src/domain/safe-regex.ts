/**
 * A conservative static check for user regexes in policy conditions (network W12, §13.3): patterns that can
 * backtrack catastrophically are refused before they are compiled, and matching runs on a bounded input.
 *
 * Refused: backreferences (`\1`, `\k<name>`); a quantified group whose body holds a quantifier or an alternation
 * (`(a+)+`, `(a|aa)*`, `(a?){9}`: exponential); and more than two unbounded quantifiers (`*`, `+`, `{n,}`,
 * `{n,m}` with m > 16) in the whole pattern, because k adjacent or overlapping ones cost up to O(n^(k+1)) on an
 * unanchored search: with two and the input capped at MAX_REGEX_INPUT_LENGTH characters the worst case stays
 * around a few million steps. Some harmless patterns are refused too; that is the price of a check that needs no
 * timer.
 */
export const MAX_REGEX_PATTERN_LENGTH = 256;
/** Regex conditions see at most this many leading characters of the field (§13.3 "evaluated with a time budget"). */
export const MAX_REGEX_INPUT_LENGTH = 256;
const MAX_UNBOUNDED_QUANTIFIERS = 2;
const LARGE_REPEAT = 16;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

interface GroupFrame {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

const QUANTIFIER_BRACE = /^\{(\d+)(,(\d*))?\}/;

export function compileSafeRegex(pattern: string): RegexCheck {
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH)
    return { ok: false, reason: `regex longer than ${MAX_REGEX_PATTERN_LENGTH} characters` };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return { ok: false, reason: 'regex does not compile' };
  }
  const problem = findBacktrackingRisk(pattern);
  return problem === undefined ? { ok: true, regex } : { ok: false, reason: problem };
}

function findBacktrackingRisk(pattern: string): string | undefined {
  const stack: GroupFrame[] = [{ hasQuantifier: false, hasAlternation: false }];
  let unbounded = 0;
  // What the next quantifier applies to: a group frame (just closed) or a plain atom.
  let lastAtom: GroupFrame | 'atom' | undefined;
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'backreferences are not allowed';
      lastAtom = 'atom';
      i += 2;
      continue;
    }
    if (char === '[') {
      i = skipClass(pattern, i);
      lastAtom = 'atom';
      continue;
    }
    if (char === '(') {
      stack.push({ hasQuantifier: false, hasAlternation: false });
      lastAtom = undefined;
      i += groupPrefixLength(pattern, i);
      continue;
    }
    if (char === ')') {
      const closed = stack.length > 1 ? stack.pop()! : top;
      const parent = stack[stack.length - 1]!;
      parent.hasQuantifier ||= closed.hasQuantifier;
      lastAtom = closed;
      i += 1;
      continue;
    }
    if (char === '|') {
      top.hasAlternation = true;
      lastAtom = undefined;
      i += 1;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier) {
      if (lastAtom !== undefined && lastAtom !== 'atom' && (lastAtom.hasQuantifier || lastAtom.hasAlternation))
        return 'a repeated group may not contain a quantifier or an alternation';
      top.hasQuantifier = true;
      if (quantifier.unbounded) unbounded += 1;
      if (unbounded > MAX_UNBOUNDED_QUANTIFIERS)
        return `at most ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers are allowed`;
      lastAtom = undefined;
      i += quantifier.length;
      if (pattern[i] === '?') i += 1; // lazy suffix
      continue;
    }
    lastAtom = 'atom';
    i += 1;
  }
  return undefined;
}

function readQuantifier(pattern: string, at: number): { length: number; unbounded: boolean } | undefined {
  const char = pattern[at];
  if (char === '*' || char === '+') return { length: 1, unbounded: true };
  if (char === '?') return { length: 1, unbounded: false };
  if (char !== '{') return undefined;
  const match = QUANTIFIER_BRACE.exec(pattern.slice(at, at + 24));
  if (!match) return undefined; // a literal brace
  const upper = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return { length: match[0].length, unbounded: upper > LARGE_REPEAT };
}

function skipClass(pattern: string, at: number): number {
  let i = at + 1;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

function groupPrefixLength(pattern: string, at: number): number {
  if (pattern[at + 1] !== '?') return 1;
  const rest = pattern.slice(at + 2, at + 4);
  if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!')) return 3;
  if (rest === '<=' || rest === '<!') return 4;
  if (rest.startsWith('<')) {
    const close = pattern.indexOf('>', at);
    return close === -1 ? 1 : close - at + 1;
  }
  return 1;
}
