import { describe, expect, it } from 'vitest';
import { nextRequestId } from '../src/http/request-id.js';

const uuidv7Shape = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('nextRequestId', () => {
  it('produces RFC 9562 version 7 ids carrying the millisecond timestamp', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    const id = nextRequestId(now);
    expect(id).toMatch(uuidv7Shape);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
  });

  it('never repeats within one millisecond, past the 4096 ids its counter holds', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => nextRequestId(now));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(uuidv7Shape);
  });

  it('sorts by creation within a millisecond until the counter wraps', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 2);
    const ids = Array.from({ length: 4096 }, () => nextRequestId(now));
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws fresh random bits for every millisecond, so two processes do not share a sequence', () => {
    const first = nextRequestId(Date.UTC(2026, 10, 24, 12, 0, 3));
    const second = nextRequestId(Date.UTC(2026, 10, 24, 12, 0, 4));
    expect(first.slice(19)).not.toBe(second.slice(19));
  });
});
