/** catalog.md §8.6 allow-list. */
export const allowedMimeTypes = [
  'application/json',
  'application/octet-stream',
  'application/zip',
  'application/gzip',
  'application/x-tar',
  'text/plain',
  'text/yaml',
  'application/x-yaml',
  'text/javascript',
  'application/javascript',
  'image/png',
  'image/jpeg',
  'image/svg+xml',
] as const;
export type AllowedMimeType = (typeof allowedMimeTypes)[number];

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const textTypes = new Set<string>([
  'text/plain',
  'text/yaml',
  'application/x-yaml',
  'text/javascript',
  'application/javascript',
  'application/json',
  'image/svg+xml',
]);
/** Bytes kept from the start of a file: enough for every magic number, and for the SVG prologue. */
const HEAD_BYTES = 64 * 1024;
const svgStart = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i;

/** W9 as the bytes arrive: `update` with each chunk in order, then `matches()` once the last one is in. */
export interface ContentCheck {
  update(chunk: Buffer): void;
  matches(): boolean;
}

/**
 * W9: the declared type must agree with the bytes. Binary formats are checked by their magic numbers; text formats
 * must be NUL-free UTF-8 (decoded as a stream), JSON must parse (so a JSON file is the one type kept whole until its
 * end) and SVG must open like XML within its first 64 KiB; octet-stream and tar accept anything.
 */
export function createContentCheck(type: AllowedMimeType): ContentCheck {
  const head: Buffer[] = [];
  let headLength = 0;
  const text = textTypes.has(type);
  const decoder = text ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : null;
  const whole: Buffer[] | null = type === 'application/json' ? [] : null;
  let decoded = '';
  let valid = true;
  return {
    update(chunk) {
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      if (!decoder || !valid) return;
      if (chunk.includes(0)) valid = false;
      try {
        const part = decoder.decode(chunk, { stream: true });
        if (type === 'image/svg+xml' && decoded.length < HEAD_BYTES) decoded += part;
      } catch {
        valid = false;
      }
      whole?.push(chunk);
    },
    matches() {
      const start = Buffer.concat(head);
      switch (type) {
        case 'image/png':
          return startsWith(start, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        case 'image/jpeg':
          return startsWith(start, [0xff, 0xd8, 0xff]);
        case 'application/gzip':
          return startsWith(start, [0x1f, 0x8b]);
        case 'application/zip':
          return startsWith(start, [0x50, 0x4b, 0x03, 0x04]) || startsWith(start, [0x50, 0x4b, 0x05, 0x06]);
        case 'application/octet-stream':
        case 'application/x-tar':
          return true;
        default:
          break;
      }
      if (!decoder || !valid) return false;
      try {
        decoder.decode();
      } catch {
        return false;
      }
      if (whole) {
        try {
          JSON.parse(Buffer.concat(whole).toString('utf8'));
        } catch {
          return false;
        }
      }
      return type !== 'image/svg+xml' || svgStart.test(decoded);
    },
  };
}

/** The whole-buffer form of createContentCheck. */
export function contentMatches(type: AllowedMimeType, bytes: Buffer): boolean {
  const check = createContentCheck(type);
  check.update(bytes);
  return check.matches();
}

/** W10: an ASCII fallback plus RFC 6266/5987 `filename*`, so no quote, CR/LF or path reaches the header. */
export function contentDisposition(name: string): string {
  const base = name.split(/[\\/]/).pop() || 'artifact';
  const ascii = base.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
