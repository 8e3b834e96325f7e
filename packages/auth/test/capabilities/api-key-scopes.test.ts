import { describe, expect, it } from 'vitest';
import { defaultApiKeyScope, EXECUTE_SCOPE, expandApiKeyScopes, isKnownApiKeyScope } from '../../src/index.js';

describe('API-key scopes', () => {
  it('expands read labels to every read scope and nothing that writes or spends', () => {
    for (const label of ['read', 'read:resources']) {
      const scopes = expandApiKeyScopes([label]);
      expect(scopes.has('catalog:read')).toBe(true);
      expect(scopes.has('messaging:read')).toBe(true);
      expect(scopes.has('catalog:write')).toBe(false);
      expect(scopes.has(EXECUTE_SCOPE)).toBe(false);
    }
  });

  it('keeps spending provider keys out of the broad write label', () => {
    expect(expandApiKeyScopes(['write']).has('integrations:write')).toBe(true);
    expect(expandApiKeyScopes(['write']).has(EXECUTE_SCOPE)).toBe(false);
    expect(expandApiKeyScopes([EXECUTE_SCOPE]).has(EXECUTE_SCOPE)).toBe(true);
  });

  it('knows only the listed scopes', () => {
    expect(isKnownApiKeyScope('catalog:write')).toBe(true);
    expect(isKnownApiKeyScope('catalog:delete')).toBe(false);
    expect(expandApiKeyScopes(['catalog:delete']).size).toBe(0);
  });

  it('derives a route’s scope from its method', () => {
    expect(defaultApiKeyScope('catalog', 'GET')).toBe('catalog:read');
    expect(defaultApiKeyScope('catalog', 'HEAD')).toBe('catalog:read');
    expect(defaultApiKeyScope('catalog', 'POST')).toBe('catalog:write');
    expect(defaultApiKeyScope('catalog', 'DELETE')).toBe('catalog:write');
  });
});
