// Website benchmarks (issue: website). `npm run bench -- website`; needs /usr/bin/chromium, no database.
// 1. Production build size: a fresh `vite build`, JS and CSS gzip-compressed at level 9 like a CDN would.
// 2. Time to interactive on the local production server: navigation start → React has rendered the live status
//    panel from /site/status (the first answer the page waits for), cold (empty cache) and warm (cached assets).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { buildSite } from '../../apps/website/src/server/ensure-build.js';
import { createPlatformStatusReader } from '../../apps/website/src/server/platform-status.js';
import { resolveServiceTargets } from '../../apps/website/src/server/service-directory.js';
import { createStaticFiles } from '../../apps/website/src/server/static-files.js';
import { createWebsiteServer } from '../../apps/website/src/server/website-server.js';

const websiteRoot = fileURLToPath(new URL('../../apps/website/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function measureBuild(distDir: string) {
  const started = performance.now();
  await buildSite(websiteRoot, distDir);
  const buildMs = performance.now() - started;
  const sizes = { js: 0, jsGzip: 0, css: 0, cssGzip: 0 };
  for (const file of await files(distDir)) {
    const kind = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : undefined;
    if (kind === undefined) continue;
    const body = await readFile(file);
    sizes[kind] += body.length;
    sizes[`${kind}Gzip`] += gzipSync(body, { level: 9 }).length;
  }
  return { buildMs, ...sizes };
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

async function measureInteractive(distDir: string) {
  // No platform: every service target is a closed port, so the page shows its offline state (bounded, no waits).
  const closed = Object.fromEntries(
    resolveServiceTargets({}).map((t, i) => [`${t.id.toUpperCase()}_SERVICE_URL`, `http://127.0.0.1:${1 + i}`]),
  );
  const targets = resolveServiceTargets(closed);
  const server = createWebsiteServer({
    targets,
    files: createStaticFiles(distDir),
    status: createPlatformStatusReader({ targets, timeoutMs: 1500, cacheMs: 0 }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const once = async (page: Page) => {
    await page.goto(url, { waitUntil: 'commit' });
    // A string runs in the page as is (this file is typed for Node, without DOM globals).
    await page.waitForFunction(
      "document.querySelector('.status-banner')?.textContent?.startsWith('Connecting') === false",
    );
    return page.evaluate(() => performance.now());
  };
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      cold.push(await once(page));
      warm.push(await once(page));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { cold, warm };
}

export async function runWebsiteBenchmarks(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'symbia-website-bench-'));
  const distDir = path.join(scratch, 'dist');
  try {
    const build = await measureBuild(distDir);
    const tti = await measureInteractive(distDir);
    const kib = (bytes: number) => (bytes / 1024).toFixed(1);
    const ms = (values: number[], q: number) => quantile(values, q).toFixed(0);
    console.log('\n## website\n');
    console.log('| Metric | Value |\n|---|---|');
    console.log(`| JS (raw / gzip -9) | ${kib(build.js)} KiB / **${kib(build.jsGzip)} KiB** |`);
    console.log(`| CSS (raw / gzip -9) | ${kib(build.css)} KiB / ${kib(build.cssGzip)} KiB |`);
    console.log(`| vite build wall time | ${(build.buildMs / 1000).toFixed(1)} s |`);
    console.log(
      `| time to interactive, cold cache (p50 / p90 of ${RUNS}) | **${ms(tti.cold, 0.5)} ms** / ${ms(tti.cold, 0.9)} ms |`,
    );
    console.log(
      `| time to interactive, warm cache (p50 / p90 of ${RUNS}) | ${ms(tti.warm, 0.5)} ms / ${ms(tti.warm, 0.9)} ms |`,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
