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

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // JSON.stringify throws on bigint; a signer must not, so it is written as a string.
      return JSON.stringify(value.toString());
    case 'object':
      return writeObject(value as object);
    default:
      // undefined, functions and symbols are not JSON values: omitted from objects, null in arrays.
      return undefined;
  }
}

function writeObject(value: object): string | undefined {
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      out += write(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = write(record[key]);
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${member}`;
    first = false;
  }
  return `${out}}`;
}
