import { describe, expect, it } from 'vitest';
import { createRevocationList } from '../src/index.js';

describe('createRevocationList', () => {
  const start = Date.UTC(2030, 0, 1);

  it('refuses a revoked session until its horizon, then forgets it', () => {
    let now = start;
    const list = createRevocationList({ clock: () => now });
    list.revoke('sid-1', start / 1000 + 60);
    expect(list.isRevoked('sid-1')).toBe(true);
    expect(list.isRevoked('sid-2')).toBe(false);
    now += 59_000;
    expect(list.isRevoked('sid-1')).toBe(true);
    now += 1_000;
    expect(list.isRevoked('sid-1')).toBe(false);
    expect(list.size()).toBe(0);
  });

  it('ignores revocations that are already past', () => {
    const list = createRevocationList({ clock: () => start });
    list.revoke('sid-old', start / 1000 - 1);
    expect(list.isRevoked('sid-old')).toBe(false);
    expect(list.size()).toBe(0);
  });

  it('keeps the later horizon when a session is revoked twice', () => {
    let now = start;
    const list = createRevocationList({ clock: () => now });
    list.revoke('sid-1', start / 1000 + 600);
    list.revoke('sid-1', start / 1000 + 60);
    now += 120_000;
    expect(list.isRevoked('sid-1')).toBe(true);
  });

  it('ingests identity.session.revoked events and ignores other or malformed events', () => {
    const list = createRevocationList({ clock: () => start });
    const exp = start / 1000 + 900;
    expect(list.ingest({ type: 'identity.session.revoked', data: { sid: 'sid-1', exp } })).toBe(true);
    expect(list.ingest({ type: 'identity.user.updated', data: { sid: 'sid-2', exp } })).toBe(false);
    expect(list.ingest({ type: 'identity.session.revoked', data: { sid: '', exp } })).toBe(false);
    expect(list.ingest({ type: 'identity.session.revoked', data: { sid: 'sid-3', exp: '2030' } })).toBe(false);
    expect(list.ingest({ type: 'identity.session.revoked', data: { sid: 'sid-4', exp: Number.NaN } })).toBe(false);
    expect(list.ingest({ type: 'identity.session.revoked' })).toBe(false);
    expect(list.ingest(null)).toBe(false);
    expect(list.ingest('identity.session.revoked')).toBe(false);
    expect(list.isRevoked('sid-1')).toBe(true);
    expect(list.isRevoked('sid-2')).toBe(false);
    expect(list.isRevoked('sid-3')).toBe(false);
    expect(list.size()).toBe(1);
  });

  it('rejects nonsense input', () => {
    const list = createRevocationList();
    expect(() => list.revoke('', 1)).toThrow(TypeError);
    expect(() => list.revoke('sid', Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});
