import { describe, expect, it } from 'vitest';
import { signServiceTokenRequest, verifyServiceTokenRequest } from '../src/index.js';

const secret = 'a'.repeat(64);
const now = Date.UTC(2030, 0, 1);

describe('service-token request signing', () => {
  it('signs HMAC-SHA256 over "<serviceId>.<timestamp>" in hex', async () => {
    const body = signServiceTokenRequest({ serviceId: 'messaging', secret, now });
    const { createHmac } = await import('node:crypto');
    expect(body).toEqual({
      serviceId: 'messaging',
      timestamp: now,
      signature: createHmac('sha256', secret).update(`messaging.${now}`).digest('hex'),
    });
    expect(verifyServiceTokenRequest({ body, secret, now })).toBe(true);
  });

  it('accepts ±60 s of skew and rejects ±61 s', () => {
    const body = signServiceTokenRequest({ serviceId: 'messaging', secret, now });
    expect(verifyServiceTokenRequest({ body, secret, now: now + 60_000 })).toBe(true);
    expect(verifyServiceTokenRequest({ body, secret, now: now - 60_000 })).toBe(true);
    expect(verifyServiceTokenRequest({ body, secret, now: now + 61_000 })).toBe(false);
    expect(verifyServiceTokenRequest({ body, secret, now: now - 61_000 })).toBe(false);
  });

  it('rejects a tampered signature, service id or timestamp', () => {
    const body = signServiceTokenRequest({ serviceId: 'messaging', secret, now });
    const flipped = (body.signature[0] === '0' ? '1' : '0') + body.signature.slice(1);
    expect(verifyServiceTokenRequest({ body: { ...body, signature: flipped }, secret, now })).toBe(false);
    expect(verifyServiceTokenRequest({ body: { ...body, serviceId: 'identity' }, secret, now })).toBe(false);
    expect(verifyServiceTokenRequest({ body: { ...body, timestamp: body.timestamp + 1 }, secret, now })).toBe(false);
    expect(verifyServiceTokenRequest({ body, secret: 'b'.repeat(64), now })).toBe(false);
  });

  it('rejects malformed bodies without throwing', () => {
    const body = signServiceTokenRequest({ serviceId: 'messaging', secret, now });
    for (const bad of [
      null,
      'x',
      {},
      { ...body, signature: body.signature.slice(2) },
      { ...body, signature: body.signature.toUpperCase() },
      { ...body, signature: `${body.signature}00` },
      { ...body, timestamp: String(body.timestamp) },
      { ...body, timestamp: body.timestamp + 0.5 },
      { ...body, serviceId: '' },
      { ...body, serviceId: 'a.b' },
    ]) {
      expect(verifyServiceTokenRequest({ body: bad, secret, now })).toBe(false);
    }
    expect(verifyServiceTokenRequest({ body, secret: '', now })).toBe(false);
  });
});
