import { describe, expect, it } from 'vitest';
import { contentDisposition, contentMatches } from '../../src/artifacts/mime-sniff.js';

describe('contentMatches (W9)', () => {
  it('checks binary formats by magic number and text formats as UTF-8', () => {
    expect(contentMatches('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(true);
    expect(contentMatches('image/png', Buffer.from('<script>'))).toBe(false);
    expect(contentMatches('application/json', Buffer.from('{"a":1}'))).toBe(true);
    expect(contentMatches('application/json', Buffer.from('{nope'))).toBe(false);
    expect(contentMatches('text/plain', Buffer.from([0x68, 0x00, 0x69]))).toBe(false);
    expect(contentMatches('image/svg+xml', Buffer.from('<?xml version="1.0"?><svg xmlns="x"></svg>'))).toBe(true);
    expect(contentMatches('application/octet-stream', Buffer.from([0, 1, 2]))).toBe(true);
  });
});

describe('contentDisposition (W10)', () => {
  it('keeps quotes, newlines and paths out of the header and encodes the real name', () => {
    expect(contentDisposition('h.js')).toBe(`attachment; filename="h.js"; filename*=UTF-8''h.js`);
    const header = contentDisposition('../../etc/"evil"\r\nx.js');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename="_evil___x.js"');
    expect(contentDisposition('résumé.txt')).toContain(`filename*=UTF-8''r%C3%A9sum%C3%A9.txt`);
  });
});
