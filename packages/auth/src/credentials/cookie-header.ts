/** Longest cookie value read: tokens are far shorter, and anything longer is not one of ours. */
const MAX_COOKIE_VALUE_LENGTH = 8192;

/**
 * Reads one cookie from a raw `Cookie` header (RFC 6265 §5.4 pairs). The first occurrence wins, as
 * browsers send the most specific path first. Kept here so services need not register @fastify/cookie.
 * A value that is malformed (a broken percent-escape is kept as sent), over-long, or decodes to text no
 * store accepts (NUL, an unpaired surrogate) is treated as absent: the caller is simply not signed in.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length === 0) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.length === 0 || value.length > MAX_COOKIE_VALUE_LENGTH) return undefined;
    return storableText(decodeCookieValue(value));
  }
  return undefined;
}

function decodeCookieValue(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `String.prototype.isWellFormed` (ES2024, in node since 20): false when a surrogate is unpaired. */
const isWellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

function storableText(value: string): string | undefined {
  return value.includes('\0') || !isWellFormed.call(value) ? undefined : value;
}
