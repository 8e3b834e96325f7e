/**
 * Canonical JSON (docs/spec/network.md §4): object keys sorted lexicographically (UTF-16 code unit order, as
 * `Array.prototype.sort` does), no whitespace, `undefined` members omitted. Values follow `JSON.stringify`
 * otherwise (non-finite numbers become `null`, `undefined` inside arrays becomes `null`, `toJSON` is honoured), so
 * a sender and a receiver in any language that sorts keys the same way produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  return text === undefined ? 'null' : text;
}

/** `canonicalJson` of a member value; undefined when the member is to be omitted. */
export function canonicalMember(value: unknown): string | undefined {
  return write(value);
}

/** Printable ASCII without `"` and `\`: JSON.stringify would add only the quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const quote = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // JSON.stringify throws on bigint; a signer must not, so it is written as a string.
      return JSON.stringify(value.toString());
    case 'object':
      return value === null ? 'null' : writeObject(value);
    default:
      // undefined, functions and symbols are not JSON values: omitted from objects, null in arrays.
      return undefined;
  }
}

function writeObject(value: object): string | undefined {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return write((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      out += write(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!isSorted(keys)) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    const member = write(record[key]);
    if (member === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${quote(key)}:${member}`;
  }
  return `${out}}`;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
