// Schema and database names are interpolated into DDL (identifiers cannot be bound as parameters), so only
// plain lower-case names are accepted; 63 bytes is PostgreSQL's NAMEDATALEN - 1.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 63;

export function isValidIdentifier(name: string): boolean {
  return typeof name === 'string' && name.length <= MAX_IDENTIFIER_LENGTH && IDENTIFIER.test(name);
}

/** Throws unless `name` is a safe lower-case SQL identifier; returns it double-quoted for use in SQL. */
export function quoteIdentifier(name: string, what = 'identifier'): string {
  if (!isValidIdentifier(name)) {
    throw new Error(
      `Invalid ${what} ${JSON.stringify(name)}: use lower-case letters, digits and "_", starting with a letter or "_" (at most ${MAX_IDENTIFIER_LENGTH} characters)`,
    );
  }
  return `"${name}"`;
}
