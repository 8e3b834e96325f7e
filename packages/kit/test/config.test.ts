import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generatePlatformSecret, platformSecretNames } from '@symbia/supervisor';
import {
  ConfigError,
  isLowEntropySecret,
  loadServiceConfig,
  resolveServicePort,
  resolveServiceUrl,
} from '../src/index.js';

describe('port and peer resolution', () => {
  it('prefers <ID>_PORT over PORT over the table default', () => {
    expect(resolveServicePort('identity', {})).toBe(5001);
    expect(resolveServicePort('identity', { PORT: '7000' })).toBe(7000);
    expect(resolveServicePort('identity', { PORT: '7000', IDENTITY_PORT: '7001' })).toBe(7001);
    expect(resolveServicePort('network', {})).toBe(5054);
    expect(resolveServicePort('something-else', {})).toBe(3000);
  });

  it('rejects a port that is not a number, naming the variable', () => {
    expect(() => resolveServicePort('catalog', { CATALOG_PORT: 'abc' })).toThrow(/CATALOG_PORT/);
  });

  it('reads <ID>_SERVICE_URL without a trailing slash, else localhost on the default port', () => {
    expect(resolveServiceUrl('messaging', {})).toBe('http://localhost:5005');
    expect(resolveServiceUrl('messaging', { MESSAGING_SERVICE_URL: 'http://msg.internal:80/' })).toBe(
      'http://msg.internal:80',
    );
  });
});

describe('loadServiceConfig', () => {
  it('returns a frozen config with peers and defaults', () => {
    const config = loadServiceConfig({ serviceId: 'catalog', env: { CATALOG_SERVICE_URL: 'http://c:1' } });
    expect(config.port).toBe(5003);
    expect(config.nodeEnv).toBe('development');
    expect(config.peers.catalog).toBe('http://c:1');
    expect(config.peers.identity).toBe('http://localhost:5001');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses service-specific variables', () => {
    const config = loadServiceConfig({
      serviceId: 'messaging',
      env: { DEMO_CHAT_ENABLED: 'false' },
      extend: () => ({
        DEMO_CHAT_ENABLED: z
          .enum(['true', 'false'])
          .default('true')
          .transform((v) => v === 'true'),
      }),
    });
    expect(config.DEMO_CHAT_ENABLED).toBe(false);
  });

  it('stops in production when a secret is missing, naming the variable', () => {
    const load = () =>
      loadServiceConfig({
        serviceId: 'integrations',
        env: { NODE_ENV: 'production' },
        extend: ({ secret }) => ({ INTERNAL_SERVICE_SECRET: secret() }),
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/INTERNAL_SERVICE_SECRET/);
  });

  it('stops in production on a known published or weak secret', () => {
    for (const weak of ['symbia-internal-dev-secret', 'a'.repeat(40), 'short']) {
      expect(() =>
        loadServiceConfig({
          serviceId: 'integrations',
          env: { NODE_ENV: 'production', INTERNAL_SERVICE_SECRET: weak },
          extend: ({ secret }) => ({ INTERNAL_SERVICE_SECRET: secret() }),
        }),
      ).toThrow(/INTERNAL_SERVICE_SECRET/);
    }
  });

  it('stops in production on a low-entropy secret of any length, naming the variable and never the value', () => {
    for (const weak of [
      'ab'.repeat(24),
      'x7'.repeat(32),
      'c'.repeat(64),
      '0123456789'.repeat(5),
      'abcdefghijklmnopqrstuvwxyz0123456789',
      '0123456789abcdef'.repeat(3),
    ]) {
      try {
        loadServiceConfig({
          serviceId: 'integrations',
          env: { NODE_ENV: 'production', INTERNAL_SERVICE_SECRET: weak },
          extend: ({ secret }) => ({ INTERNAL_SERVICE_SECRET: secret() }),
        });
        expect.unreachable(`accepted ${weak}`);
      } catch (error) {
        expect(error, weak).toBeInstanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message, weak).toContain('INTERNAL_SERVICE_SECRET');
        expect(message, weak).not.toContain(weak.slice(0, 12));
      }
    }
  });

  it('accepts random hex and base64 secrets in production, as the launcher and supervisor generate them', () => {
    const values = [
      ...Array.from({ length: 200 }, () => randomBytes(16).toString('hex')),
      ...Array.from({ length: 200 }, () => randomBytes(32).toString('hex')),
      ...Array.from({ length: 200 }, () => randomBytes(32).toString('base64')),
      ...Array.from({ length: 200 }, () => randomBytes(48).toString('base64url')),
      ...platformSecretNames.map((name) => generatePlatformSecret(name)),
    ];
    for (const value of values) {
      expect(isLowEntropySecret(value), value).toBe(false);
      const config = loadServiceConfig({
        serviceId: 'identity',
        env: { NODE_ENV: 'production', INTERNAL_SERVICE_SECRET: value },
        extend: ({ secret }) => ({ INTERNAL_SERVICE_SECRET: secret() }),
      });
      expect(config.INTERNAL_SERVICE_SECRET).toBe(value);
    }
  });

  it('accepts a strong secret in production and a missing one in development', () => {
    const strong = 'kJ8s9dF2mQ7xP4vL1nB6tR3wY5zC0aE9';
    const prod = loadServiceConfig({
      serviceId: 'integrations',
      env: { NODE_ENV: 'production', INTERNAL_SERVICE_SECRET: strong },
      extend: ({ secret }) => ({ INTERNAL_SERVICE_SECRET: secret() }),
    });
    expect(prod.INTERNAL_SERVICE_SECRET).toBe(strong);
    const dev = loadServiceConfig({
      serviceId: 'integrations',
      env: {},
      extend: ({ secret }) => ({ INTERNAL_SERVICE_SECRET: secret() }),
    });
    expect(dev.INTERNAL_SERVICE_SECRET).toBeUndefined();
  });

  it('reports every bad variable at once', () => {
    try {
      loadServiceConfig({
        serviceId: 'identity',
        env: { NODE_ENV: 'staging', BODY_LIMIT_BYTES: '-1', IDENTITY_PORT: 'x' },
      });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('NODE_ENV');
      expect(message).toContain('BODY_LIMIT_BYTES');
      expect(message).toContain('IDENTITY_PORT');
    }
  });
});
