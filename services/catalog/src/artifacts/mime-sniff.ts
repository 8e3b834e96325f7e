/** catalog.md §8.6 allow-list. */
export const allowedMimeTypes = [
  'application/json', 'application/octet-stream', 'application/zip', 'application/gzip', 'application/x-tar', 'text/plain', 'text/yaml',
  'application/x-yaml', 'text/javascript', 'application/javascript', 'image/png', 'image/jpeg', 'image/svg+xml',
] as const;
export type AllowedMimeType = (typeof allowedMimeTypes)[number];

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const textTypes = new Set<string>(['text/plain', 'text/yaml', 'application/x-yaml', 'text/javascript', 'application/javascript', 'application/json', 'image/svg+xml']);

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/**
 * W9: the declared type must agree with the bytes. Binary formats are checked by their magic numbers, text
 * formats must be NUL-free UTF-8 (JSON must parse, SVG must look like XML); octet-stream and tar accept anything.
 */
export function contentMatches(type: AllowedMimeType, bytes: Buffer): boolean {
  switch (type) {
    case 'image/png': return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg': return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'application/gzip': return startsWith(bytes, [0x1f, 0x8b]);
    case 'application/zip': return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
    case 'application/octet-stream':
    case 'application/x-tar': return true;
    default:
      if (!textTypes.has(type) || !isUtf8Text(bytes)) return false;
      if (type === 'application/json') {
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch {
          return false;
        }
      }
      return type !== 'image/svg+xml' || /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(bytes.toString('utf8'));
  }
}

/** W10: an ASCII fallback plus RFC 6266/5987 `filename*`, so no quote, CR/LF or path reaches the header. */
export function contentDisposition(name: string): string {
  const base = name.split(/[\\/]/).pop() || 'artifact';
  const ascii = base.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
