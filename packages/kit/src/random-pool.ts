import { randomFillSync } from 'node:crypto';

/**
 * Request ids and trace ids need fresh random bytes on every request; one syscall-backed fill of a 4 KiB pool
 * serves hundreds of them (the same batching Node uses inside crypto.randomUUID).
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

export function randomBytesFromPool(size: number): Buffer {
  if (size > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} bytes`);
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}

export function randomHex(size: number): string {
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + size);
  offset += size;
  return hex;
}
