import { randomUUID } from 'node:crypto';

let prefixMs = -1;
let prefix = '';

/**
 * The first 15 characters of an RFC 9562 UUIDv7 for `now`: the 48-bit unix-ms timestamp and the version digit,
 * formatted once per millisecond. Shared by `uuidv7` and the request ids of `http/request-id.ts`, both on hot paths.
 */
export function uuidv7Prefix(now: number): string {
  if (now !== prefixMs) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixMs = now;
  }
  return prefix;
}

/**
 * RFC 9562 UUIDv7: 48-bit unix-ms timestamp, version 7, then random bits, so ids sort by creation time. The random
 * part (with the variant bits already set) comes from `randomUUID`, which draws from a cached entropy pool.
 */
export function uuidv7(now: number = Date.now()): string {
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep everything after the version digit.
  return uuidv7Prefix(now) + randomUUID().slice(15);
}

export const uuidv4 = (): string => randomUUID();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
