import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@symbia/supervisor';
import {
  ANSWER,
  createTestDatabase,
  startFakeHuggingFace,
  startServices,
  type FakeHuggingFace,
  type StartedServices,
  type TestDatabase,
} from '@symbia/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Real identity, network, catalog, integrations, messaging and website server processes; only HuggingFace is a loopback fake.
const CHROMIUM = '/usr/bin/chromium';
const websiteDir = fileURLToPath(new URL('../', import.meta.url));
const screenshots = path.resolve(websiteDir, '../../docs/screenshots');
const NOT_BUILT = ['logging', 'assistants', 'runtime', 'models'] as const;
const RUNNING = ['identity', 'network', 'catalog', 'integrations', 'messaging'] as const;

let fake: FakeHuggingFace;
let database: TestDatabase;
let platform: StartedServices;
let browser: Browser;
let site: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the website browser tests need Debian's Chromium (apt-get install chromium)`,
    );
  }
  fake = await startFakeHuggingFace();
  database = await createTestDatabase({ prefix: 'website' });
  // Services that are not built yet point at free ports nobody listens on, so a platform on the default ports cannot leak in.
  const closed: Record<string, string> = {};
  for (const name of NOT_BUILT)
    closed[`${name.toUpperCase()}_SERVICE_URL`] = `http://127.0.0.1:${await findFreePort()}`;
  platform = await startServices({
    services: [
      ...RUNNING,
      { name: 'server', entry: path.join(websiteDir, 'src/server.ts'), cwd: websiteDir, env: closed },
    ],
    databaseUrl: database.url,
    env: {
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: '256',
      ARGON2_TIME_COST: '1',
      HUGGINGFACE_BASE_URL: fake.url,
      HUGGINGFACE_API_KEY: fake.apiKey,
    },
    readyTimeoutMs: 90_000,
  });
  site = platform.urls.server!;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  mkdirSync(screenshots, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await fake?.close();
  await database?.drop();
});

async function openHome(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(site);
  return { page, errors };
}

const chip = (page: Page, name: string) => page.locator(`.service-chip[data-service="${name}"]`);

describe('website home page against the real platform', () => {
  it('loads without console errors and shows each service up or offline with its latency', async () => {
    const { page, errors } = await openHome();
    await expect.poll(() => page.locator('.status-banner').textContent()).toBe('5/9 Services Online');
    for (const name of RUNNING) {
      await expect.poll(() => chip(page, name).getAttribute('data-state')).toBe('online');
      expect(await chip(page, name).locator('.chip-state').textContent()).toMatch(/^\d+ms$/);
    }
    for (const name of NOT_BUILT) {
      expect(await chip(page, name).getAttribute('data-state')).toBe('offline');
      expect(await chip(page, name).textContent()).toContain('offline · not running');
    }
    expect(await page.locator('.status-pill').textContent()).toBe('Live');
    const bootstrap = (await (await fetch(`${site}/api/catalog/bootstrap`)).json()) as { type: string }[];
    const assistants = bootstrap.filter((resource) => resource.type === 'assistant').length;
    expect(assistants).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.assistant-card').count()).toBe(assistants);
    expect(await page.locator('#assistants .section-subtitle').textContent()).toBe(
      `${assistants} assistants loaded from catalog`,
    );
    await page.screenshot({ path: path.join(screenshots, 'home.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('streams the chat answer into the bubble token by token, then re-enables Send', async () => {
    const { page, errors } = await openHome();
    await page.getByRole('button', { name: /Coordinator \(@symbia\)/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Coordinator' });
    const input = dialog.getByLabel('Message to @symbia');
    await expect.poll(() => input.evaluate((element) => element.matches(':focus'))).toBe(true);
    await input.fill('hold:browser');
    await input.press('Enter');
    const reply = dialog.locator('.bubble-assistant');
    // The fake has sent two tokens and is holding the rest: the page must already show them.
    await expect.poll(() => reply.locator('.bubble-text').textContent()).toBe(ANSWER.slice(0, 2).join(''));
    expect(await reply.getAttribute('data-streaming')).toBe('true');
    expect(fake.finished('browser')).toBe(false);
    expect(await dialog.getByRole('button', { name: '...' }).isDisabled()).toBe(true);
    fake.release('browser');
    await expect.poll(() => reply.getAttribute('data-streaming')).toBe('false');
    expect(await reply.locator('.bubble-text').textContent()).toBe(ANSWER.join(''));
    expect(await dialog.locator('.bubble-user').textContent()).toContain('hold:browser');
    await input.fill('thanks');
    expect(await dialog.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'chat.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an upstream failure as an error in the bubble, never an empty one', async () => {
    const { page } = await openHome();
    await page.getByRole('button', { name: /Coordinator \(@symbia\)/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Coordinator' });
    await dialog.getByLabel('Message to @symbia').fill('fail');
    await dialog.getByLabel('Message to @symbia').press('Enter');
    const alert = dialog.locator('.bubble-assistant').getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('The assistant could not answer: LLM request failed');
    expect(await dialog.locator('.bubble-assistant').getAttribute('data-streaming')).toBe('false');
    await page.close();
  });
});

describe('website server proxy (A2) in front of the real services', () => {
  it('rewrites /api/<service> and /svc/<service> and refuses unknown services', async () => {
    expect((await fetch(`${site}/svc/catalog/health`)).status).toBe(200);
    const bootstrap = await fetch(`${site}/api/catalog/bootstrap`);
    expect(bootstrap.status).toBe(200);
    expect(Array.isArray(await bootstrap.json())).toBe(true);
    const unknown = await fetch(`${site}/api/nope/anything`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'unknown_service' });
    const down = await fetch(`${site}/svc/logging/health`);
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({
      error: 'The logging service is not running',
      code: 'service_unavailable',
    });
  });

  it('passes SSE frames through as they arrive and aborts the upstream when the browser leaves', async () => {
    const controller = new AbortController();
    const res = await fetch(`${site}/api/messaging/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: controller.signal,
      body: JSON.stringify({ channel: 'website-demo', content: 'hold:gone', assistant: 'symbia' }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes(`"content":"${ANSWER[1]}"`)) text += new TextDecoder().decode((await reader.read()).value);
    expect(fake.finished('gone')).toBe(false);
    controller.abort();
    await fake.aborted('gone');
    fake.release('gone');
  });

  it('serves hashed assets as immutable, the page as revalidated, and app routes as the page', async () => {
    const home = await fetch(site);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await home.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${site}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    const docs = await fetch(`${site}/docs/quickstart`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<div id="root">');
    expect((await fetch(`${site}/assets/missing.js`)).status).toBe(404);
  });
});

describe('website when a service stops', () => {
  it('shows the stopped service as offline and the page keeps working without console errors', async () => {
    await platform.get('catalog').stop();
    // The status answer is shared for 2 s; wait until the server itself has seen the catalog go.
    await expect
      .poll(
        async () =>
          (
            (await (await fetch(`${site}/site/status`)).json()) as { services: { name: string; state: string }[] }
          ).services.find((s) => s.name === 'catalog')?.state,
        { timeout: 10_000 },
      )
      .toBe('offline');
    const { page, errors } = await openHome();
    await expect.poll(() => chip(page, 'catalog').getAttribute('data-state')).toBe('offline');
    expect(await chip(page, 'catalog').textContent()).toContain('not running');
    expect(await page.locator('.status-banner').textContent()).toBe('4/9 Services Online');
    expect(await chip(page, 'identity').getAttribute('data-state')).toBe('online');
    await expect
      .poll(() => page.locator('.grid-message').textContent())
      .toBe('The catalog service is offline, so the assistants cannot be loaded');
    expect(errors).toEqual([]);
    await page.close();
  });
});
