import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl } from '../src/platform-database.js';

describe('maskDatabaseUrl', () => {
  it('hides the password and secret-looking parameters', () => {
    expect(maskDatabaseUrl('postgres://app:s3cr3t@db.example:5432/symbia?sslpassword=x&sslmode=require')).toBe(
      'postgres://app:****@db.example:5432/symbia?sslpassword=****&sslmode=require',
    );
    expect(maskDatabaseUrl('not a url')).toBe('(unparsable DATABASE_URL)');
  });
});
