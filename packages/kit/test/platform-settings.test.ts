import { describe, expect, it } from 'vitest';
import {
  commaSeparated,
  ConfigError,
  loadServiceConfig,
  platformServiceFields,
  platformServiceSettings,
} from '../src/index.js';

const load = (env: Record<string, string>) => {
  const base = loadServiceConfig({
    serviceId: 'catalog',
    env: { NODE_ENV: 'test', ...env },
    extend: ({ secret }) => ({ ...platformServiceFields('CATALOG', secret) }),
  });
  return platformServiceSettings(base, { prefix: 'CATALOG', audience: 'symbia' });
};

describe('platformServiceSettings', () => {
  it('reads the database, identity peer, issuer, audience and service secret every platform service needs', () => {
    expect(
      load({
        DATABASE_URL: 'postgres://db.internal/symbia',
        IDENTITY_SERVICE_URL: 'http://identity.internal:5001/',
        INTERNAL_SERVICE_SECRET: 's'.repeat(8),
      }),
    ).toEqual({
      databaseUrl: 'postgres://db.internal/symbia',
      identityUrl: 'http://identity.internal:5001',
      issuer: 'http://identity.internal:5001',
      audience: 'symbia',
      internalServiceSecret: 's'.repeat(8),
    });
  });

  it('prefers <PREFIX>_DATABASE_URL and IDENTITY_ISSUER, and has no service secret unless one is set', () => {
    const settings = load({
      DATABASE_URL: 'postgres://shared/db',
      CATALOG_DATABASE_URL: ' postgres://own/catalog ',
      IDENTITY_ISSUER: 'https://id.example',
    });
    expect(settings.databaseUrl).toBe('postgres://own/catalog');
    expect(settings.issuer).toBe('https://id.example');
    expect(settings.internalServiceSecret).toBeNull();
  });

  it('stops with a message naming both database variables when neither is set', () => {
    expect(() => load({})).toThrow(ConfigError);
    expect(() => load({})).toThrow(/DATABASE_URL \(or CATALOG_DATABASE_URL\) is required/);
  });

  it('refuses a database URL that is not a URL, naming the variable', () => {
    expect(() => load({ CATALOG_DATABASE_URL: 'not a url' })).toThrow(/CATALOG_DATABASE_URL/);
  });
});

describe('commaSeparated', () => {
  it('trims entries, drops empty ones and applies the normaliser', () => {
    expect(commaSeparated(' A.example , ,b.example:8080,')).toEqual(['A.example', 'b.example:8080']);
    expect(commaSeparated('A.Example,B', (entry) => entry.toLowerCase())).toEqual(['a.example', 'b']);
    expect(commaSeparated(undefined)).toEqual([]);
    expect(Object.isFrozen(commaSeparated('a'))).toBe(true);
  });
});
