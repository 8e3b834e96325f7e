import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuiltOutputChecker, describeRuntimes } from '../src/built-output.js';

// A repository on disk: packages/kit and packages/auth (auth needs kit), services/catalog (needs auth), each with
// src/ and a dist/ written after it. Times are set explicitly, one minute apart, so nothing depends on the clock.
let root: string;
const catalog = () => path.join(root, 'services', 'catalog');
const BUILT = new Date('2026-01-01T12:00:00Z');
const BEFORE = new Date(BUILT.getTime() - 60_000);
const AFTER = new Date(BUILT.getTime() + 60_000);

async function write(file: string, content: string, time: Date): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  await utimes(file, time, time);
}

async function workspace(dir: string, manifest: object, src: string, dist: readonly string[]): Promise<void> {
  await write(path.join(root, dir, 'package.json'), JSON.stringify(manifest), BEFORE);
  await write(path.join(root, dir, 'src', src), 'export {};\n', BEFORE);
  await utimes(path.join(root, dir, 'src'), BEFORE, BEFORE);
  for (const file of dist) await write(path.join(root, dir, 'dist', file), 'export {};\n', BUILT);
}

const exportsOf = (...targets: string[]) =>
  Object.fromEntries(
    targets.map((target, index) => [index === 0 ? '.' : `./${index}`, { source: 'x', default: `./dist/${target}` }]),
  );

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'symbia-built-output-'));
  await workspace(
    'packages/kit',
    { name: '@symbia/kit', exports: exportsOf('index.js', 'errors/index.js') },
    'index.ts',
    ['index.js', 'errors/index.js'],
  );
  await workspace(
    'packages/auth',
    { name: '@symbia/auth', dependencies: { '@symbia/kit': '0.1.0' }, exports: exportsOf('index.js') },
    'index.ts',
    ['index.js'],
  );
  await workspace(
    'services/catalog',
    {
      name: '@symbia/catalog-service',
      dependencies: { '@symbia/auth': '0.1.0', fastify: '^5' },
      devDependencies: { '@symbia/testing': '0.1.0' },
    },
    'main.ts',
    ['main.js'],
  );
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createBuiltOutputChecker', () => {
  it('chooses dist/main.js when the service and every package it needs were built after their sources', async () => {
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'built',
      entry: path.join(catalog(), 'dist', 'main.js'),
    });
  });

  it('runs the sources of a service that was never built', async () => {
    await rm(path.join(catalog(), 'dist'), { recursive: true });
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({ kind: 'source', reason: 'not built' });
  });

  it('runs the sources when one of the service files changed after the build', async () => {
    await write(path.join(catalog(), 'src', 'routes', 'things.ts'), 'export {};\n', AFTER);
    await utimes(path.join(catalog(), 'src', 'routes'), BEFORE, BEFORE);
    await utimes(path.join(catalog(), 'src'), BEFORE, BEFORE);
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'source',
      reason: 'services/catalog/src/routes/things.ts changed after the last build',
    });
  });

  it('runs the sources when a source file was deleted after the build (its folder changed)', async () => {
    await rm(path.join(catalog(), 'src', 'main.ts'));
    await utimes(path.join(catalog(), 'src'), AFTER, AFTER);
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'source',
      reason: 'services/catalog/src changed after the last build',
    });
  });

  it('runs the sources when a package the service needs only indirectly changed after its build', async () => {
    await write(path.join(root, 'packages', 'kit', 'src', 'index.ts'), 'export const changed = 1;\n', AFTER);
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'source',
      reason: 'packages/kit/src/index.ts changed after the last build',
    });
  });

  it('runs the sources when one export of a package it needs was never built', async () => {
    await rm(path.join(root, 'packages', 'kit', 'dist', 'errors'), { recursive: true });
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'source',
      reason: 'packages/kit is not built',
    });
  });

  it('ignores packages the service does not need at run time (its test harness)', async () => {
    await workspace('packages/testing', { name: '@symbia/testing', exports: exportsOf('index.js') }, 'index.ts', []);
    expect((await createBuiltOutputChecker(root).check(catalog())).kind).toBe('built');
  });
});

describe('createBuiltOutputChecker, bundled services (dist/service.cjs beside dist/main.js)', () => {
  const bundle = () => path.join(catalog(), 'dist', 'service.cjs');
  beforeEach(async () => {
    await write(bundle(), '"use strict";\n', BUILT);
  });

  it('chooses dist/main.js without the packages being built: the bundle holds their sources', async () => {
    await rm(path.join(root, 'packages', 'kit', 'dist'), { recursive: true });
    await rm(path.join(root, 'packages', 'auth', 'dist'), { recursive: true });
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'built',
      entry: path.join(catalog(), 'dist', 'main.js'),
    });
  });

  it('runs the sources when a package it needs changed after the bundle, even if that package was rebuilt', async () => {
    await write(path.join(root, 'packages', 'kit', 'src', 'index.ts'), 'export const changed = 1;\n', AFTER);
    await write(path.join(root, 'packages', 'kit', 'dist', 'index.js'), 'export const changed = 1;\n', AFTER);
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'source',
      reason: 'packages/kit/src/index.ts changed after the last build',
    });
  });

  it('runs the sources when the bundle is older than a source file though the entry is newer', async () => {
    const between = new Date(BEFORE.getTime() + 30_000);
    await utimes(bundle(), BEFORE, BEFORE);
    await write(path.join(catalog(), 'src', 'main.ts'), 'export {};\n', between);
    await utimes(path.join(catalog(), 'src'), BEFORE, BEFORE);
    expect(await createBuiltOutputChecker(root).check(catalog())).toEqual({
      kind: 'source',
      reason: 'services/catalog/src/main.ts changed after the last build',
    });
  });
});

describe('describeRuntimes', () => {
  it('names the built services, then the others grouped by why their sources run', () => {
    const line = describeRuntimes([
      { name: 'identity', builtEntry: '/r/services/identity/dist/main.js' },
      { name: 'catalog', sourceReason: 'not built' },
      { name: 'messaging', sourceReason: 'not built' },
      { name: 'integrations', sourceReason: 'services/integrations/src/app.ts changed after the last build' },
      { name: 'server' },
    ]);
    expect(line).toBe(
      'built (node dist/main.js): identity · sources (tsx): catalog, messaging (not built), ' +
        'integrations (services/integrations/src/app.ts changed after the last build), server; ' +
        '`npm run build` to run the built output',
    );
  });

  it('gives no build hint when every buildable service runs its build', () => {
    expect(describeRuntimes([{ name: 'identity', builtEntry: '/d/main.js' }, { name: 'server' }])).toBe(
      'built (node dist/main.js): identity · sources (tsx): server',
    );
  });
});
