import { randomUUID } from 'node:crypto';
import { uuidv7Prefix } from '../ids.js';

/** 4096 three-digit hex strings, so the per-request counter never formats a number. */
const counterHex = Array.from({ length: 4096 }, (_, n) => n.toString(16).padStart(3, '0'));

let currentMs = -1;
let suffix = '';
let counter = 0;

/**
 * Request ids: RFC 9562 UUIDv7 with a dedicated 12-bit counter in `rand_a` (RFC 9562 §6.2, method 1). The 62 random bits
 * of `rand_b` are drawn once per millisecond and per 4096 ids, so ids stay unique across processes and sort by
 * time within one, while a request pays for a string concatenation instead of fresh randomness. Request ids
 * are correlation handles, not secrets; row ids, which appear in URLs, keep the fully random `uuidv7()`.
 */
export function nextRequestId(now: number = Date.now()): string {
  if (now !== currentMs || counter === 4096) {
    currentMs = now;
    // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; its variant group and node are the random rand_b.
    suffix = randomUUID().slice(18);
    counter = 0;
  }
  const id = uuidv7Prefix(now) + counterHex[counter]! + suffix;
  counter += 1;
  return id;
}
