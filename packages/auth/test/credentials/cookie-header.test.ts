import { describe, expect, it } from 'vitest';
import { readCookie } from '../../src/credentials/cookie-header.js';

describe('readCookie', () => {
  it('finds a cookie among others, unquoting and decoding it', () => {
    expect(readCookie('a=1; token=abc; b=2', 'token')).toBe('abc');
    expect(readCookie('token="q.u.o"', 'token')).toBe('q.u.o');
    expect(readCookie('token=a%2Bb', 'token')).toBe('a+b');
    expect(readCookie('token=%E0%A4%A', 'token')).toBe('%E0%A4%A');
  });

  it('takes the first occurrence and matches whole names only', () => {
    expect(readCookie('token=first; token=second', 'token')).toBe('first');
    expect(readCookie('xtoken=1; token_old=2', 'token')).toBeUndefined();
    expect(readCookie(undefined, 'token')).toBeUndefined();
    expect(readCookie('', 'token')).toBeUndefined();
    expect(readCookie('token', 'token')).toBeUndefined();
  });

  it('treats a value no store accepts, or an over-long one, as absent', () => {
    expect(readCookie('token=a%00b', 'token')).toBeUndefined();
    expect(readCookie('token=%ED%A0%80', 'token')).toBe('%ED%A0%80');
    expect(readCookie('token=\ud800', 'token')).toBeUndefined();
    expect(readCookie(`token=${'a'.repeat(9000)}`, 'token')).toBeUndefined();
    expect(readCookie('token=; other=1', 'token')).toBeUndefined();
    expect(readCookie('=; =token; token=%', 'token')).toBe('%');
  });
});
