import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface StaticFile {
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.map', '.svg', '.txt']);

export interface StaticFiles {
  /** The file for a URL path, or undefined; `/` and app routes without an extension get index.html. */
  lookup(urlPath: string): Promise<StaticFile | undefined>;
}

/**
 * Serves the built site from `dist/`. Hashed files under /assets/ never change, so browsers keep them for a
 * year; index.html is revalidated on every load so a new build is picked up at once. Files are read and
 * compressed once, then kept in memory (the whole build is a few hundred kB).
 */
export function createStaticFiles(distDir: string): StaticFiles {
  const cache = new Map<string, Promise<StaticFile | undefined>>();
  const root = path.resolve(distDir);

  async function load(file: string): Promise<StaticFile | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    const body = await readFile(file);
    const ext = path.extname(file);
    const relative = path.relative(root, file).split(path.sep).join('/');
    return {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body) : undefined,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      cacheControl: relative.startsWith('assets/')
        ? 'public, max-age=31536000, immutable'
        : ext === '.html'
          ? 'no-cache'
          : 'public, max-age=3600',
    };
  }

  function cached(file: string): Promise<StaticFile | undefined> {
    let entry = cache.get(file);
    if (entry === undefined) {
      entry = load(file);
      cache.set(file, entry);
    }
    return entry;
  }

  return {
    async lookup(urlPath) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(urlPath);
      } catch {
        return undefined;
      }
      const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
      if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
      const direct = decoded.endsWith('/') ? undefined : await cached(file);
      if (direct !== undefined) return direct;
      // Client-side routes (/docs, /blog, …) have no extension; missing files with one are a real 404.
      return path.extname(decoded) === '' ? cached(path.join(root, 'index.html')) : undefined;
    },
  };
}
