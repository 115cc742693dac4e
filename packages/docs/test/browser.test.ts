/**
 * The docs site in a real browser (Debian's Chromium through playwright-core, never a downloaded
 * build), served by the reference server at /docs: every operation listed, the cancel operation
 * with its three id patterns and its 400/401/404 responses, search, no console error, no request
 * leaving localhost, no critical accessibility violation, and a screenshot as a test artifact.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Started } from '@device-commands/testkit';
import { launchChromium, newContext } from '@device-commands/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './support.ts';

const artifacts = fileURLToPath(new URL('../test-results/', import.meta.url));
const require = createRequire(import.meta.url);

let server: Started;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await (await newContext(browser, { viewport: { width: 1400, height: 1000 } })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:', 'about:'].includes(url.protocol) && !['localhost', '127.0.0.1'].includes(url.hostname))
      foreignRequests.push(request.url());
  });
  await page.goto(`${server.match}/docs`);
  await page.locator('[data-component-name="Menu/MenuItem"]').first().waitFor();
  // The menu is in the prerendered page before Redoc hydrates it: a click before then does nothing
  // (a CI run under load clicked a group that never opened). Hydrated and settled: the page has
  // loaded and src/page/a11y.js has marked the page as it now is.
  await page.waitForFunction(
    () => document.readyState === 'complete' && document.documentElement.dataset.a11y === 'done',
    null,
    // Checked every 100 ms, not on every animation frame (Playwright's default), which keeps the
    // renderer producing frames for as long as the wait lasts: on a loaded machine, for seconds.
    { polling: 100 },
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const OPERATIONS = [
  'List device commands',
  'Create device command',
  'Retrieve command details',
  'Cancel pending command',
  'List user devices',
  'Send device command',
  'Get device command status',
  'Get command payload',
];

const menuItem = (text: string) => page.locator('[data-component-name="Menu/MenuItem"]', { hasText: text }).first();
const operationsInMenu = () =>
  page
    .locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation')
    .evaluateAll((items) => items.map((i) => i.textContent ?? ''));

describe('the docs site', () => {
  it('lists every operation of both families in the menu', async () => {
    const seen = new Set<string>();
    for (const group of ['Android Enterprise commands', 'Microsoft Graph device commands']) {
      const before = (await operationsInMenu()).length;
      await menuItem(group).click();
      // The group opens: its operations join the menu.
      await expect.poll(async () => (await operationsInMenu()).length).toBeGreaterThan(before);
      for (const text of await operationsInMenu()) seen.add(text);
    }
    for (const summary of OPERATIONS)
      expect(
        [...seen].some((t) => t.startsWith(summary)),
        summary,
      ).toBe(true);
  });

  it('shows the three id patterns and the 400, 401 and 404 responses of the cancel operation', async () => {
    await page.goto(`${server.match}/docs#/android-enterprise-commands/cancelandroiddevicecommand`);
    const heading = page.getByRole('heading', { name: 'Cancel pending command' });
    await heading.first().waitFor();
    const text = await page
      .locator('[data-component-name="Layout/ThreePanelLayout"]', { has: heading })
      .first()
      .innerText();
    for (const pattern of ['^(?:[a-fA-F0-9]{24}|[a-zA-Z0-9-]{3,})$', '^[A-Za-z0-9_]+$', '^[a-fA-F0-9]{24}$'])
      expect(text).toContain(pattern);
    for (const status of ['400', '401', '404']) expect(text).toMatch(new RegExp(`^${status}$`, 'm'));
  });

  it('finds an operation by name with its search', async () => {
    await page.locator('[data-component-name="icons/SearchIcon/SearchIcon"]').first().click();
    try {
      await page.getByPlaceholder('Search docs...').fill('cancel pending');
      const results = page.locator('[data-component-name="Search/SearchItem"]');
      // The index is built in the page on first use: seconds on a loaded two-core machine.
      await expect.poll(async () => (await results.allInnerTexts()).join('\n')).toContain('Cancel pending command');
    } finally {
      await page.keyboard.press('Escape');
    }
  });

  it('has no console error and makes no request beyond localhost', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('has no critical accessibility violation (axe-core)', async () => {
    await page.goto(`${server.match}/docs`);
    await page.locator('[data-component-name="Menu/MenuItem"]').first().waitFor();
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const result = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<unknown> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    })) as { violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] };
    const critical = result.violations
      .filter((v) => v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    expect(critical).toEqual([]);
  });

  it('writes a screenshot as a test artifact', async () => {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}docs.png`, fullPage: false });
    expect(existsSync(`${artifacts}docs.png`)).toBe(true);
  });
});
