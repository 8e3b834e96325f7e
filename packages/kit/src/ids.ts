import { randomUUID } from 'node:crypto';

let prefixMs = -1;
let prefix = '';

/**
 * RFC 9562 UUIDv7: 48-bit unix-ms timestamp, version 7, then random bits, so ids sort by creation time. It runs
 * on every request: the random part (with the variant bits already set) comes from `randomUUID`, which draws from
 * a cached entropy pool, and the timestamp prefix is formatted once per millisecond.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now !== prefixMs) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixMs = now;
  }
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep everything after the version digit.
  return prefix + randomUUID().slice(15);
}

export const uuidv4 = (): string => randomUUID();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
