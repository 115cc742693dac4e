/**
 * The docs site as a reader uses it, in Debian's Chromium: code samples in curl and TypeScript for
 * every operation, the authorization and error codes of each, links that survive a new tab on a
 * plain static host under a base path, the spec downloads, the try-it console sending real requests
 * to the reference server, accessibility (axe-core) on five views light and dark and the console,
 * a phone layout, compression, and the contract's version; with no console error and no request
 * leaving the machine in any of it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SEED } from '@device-commands/server';
import { loadDereferencedSpec, loadSpec, operationsOf } from '@device-commands/spec';
import type { Started } from '@device-commands/testkit';
import { launchChromium, newContext } from '@device-commands/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodesOf, permissionOf } from '../src/reference.ts';
import { redocRoute } from '../src/versions.ts';
import { startStaticHost } from './static-host.ts';
import { startServer } from './support.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-results/', import.meta.url));
const spec = loadSpec();

/** Every operation, with its place in the reference page (Redoc's hash route). */
const OPERATIONS = operationsOf(loadDereferencedSpec()).map((entry) => ({
  id: entry.operation.operationId,
  summary: String(entry.operation.summary),
  family: entry.family,
  route: redocRoute(entry.family.tag, entry.operation.operationId),
  /** What a token needs, and the error codes the operation documents, as the contract says them. */
  needs: permissionOf(entry),
  codes: errorCodesOf(entry).map((row) => row.code),
}));

let server: Started;
let host: { url: string; close(): Promise<void> };
let browser: Browser;
let docs: string;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  server = await startServer();
  host = await startStaticHost(dist, '/some/base/');
  browser = await launchChromium();
  docs = `${server.match}/docs/`;
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await views.close();
  await browser?.close();
  await host?.close();
  await server?.stop();
});

/** A new page (its own context: storage, colour scheme, viewport) that records errors and off-site requests. */
async function open(
  url: string,
  options: {
    width?: number;
    dark?: boolean /** the test sends requests the server refuses */;
    refusals?: boolean;
  } = {},
): Promise<Page> {
  const context = await newContext(browser, {
    viewport: { width: options.width ?? 1440, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    // The console's error-answer tests send requests the server refuses on purpose; Chromium logs each.
    const refused = options.refusals === true && /^Failed to load resource: .* status of 4\d\d/.test(m.text());
    if (m.type() === 'error' && !refused) consoleErrors.push(`${url}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${url}: ${e.message}`));
  page.on('request', (r) => {
    const { protocol, hostname } = new URL(r.url());
    if (!['data:', 'blob:', 'about:'].includes(protocol) && !['localhost', '127.0.0.1'].includes(hostname))
      foreignRequests.push(r.url());
  });
  try {
    await page.goto(url);
    if (!url.includes('try.html')) await page.locator('.api-content').first().waitFor();
  } catch (error) {
    // A page that did not load is closed, not left loading beside the next test's page.
    await context.close();
    throw error;
  }
  return page;
}

/**
 * Waits until the page is as a reader sees it once it has settled: the accessibility fixes
 * (src/page/a11y.js) have run on the page as it now is (they run 100 ms after a change, after load,
 * and mark <html data-a11y="done">), and no CSS transition or animation is running (a colour that is
 * still changing is not the contrast a reader gets). The console (try.html) has no fixes to wait for.
 */
async function a11yFixed(page: Page): Promise<void> {
  await page.waitForFunction(
    (fixes) =>
      (!fixes || document.documentElement.dataset.a11y === 'done') &&
      document.readyState === 'complete' &&
      document.getAnimations().length === 0,
    !page.url().includes('try.html'),
    // Every 100 ms, not on every animation frame (Playwright's default): a wait on a loaded machine
    // kept the renderer producing frames for its whole length.
    { polling: 100 },
  );
}

/**
 * A heading by its text: Redoc's headings also hold a "link to …" anchor (named before the text) and,
 * for a deprecated operation, a "deprecated" badge after it.
 */
const heading = (page: Page, text: string) =>
  page.getByRole('heading', {
    name: new RegExp(`(^| )${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( deprecated)?$`),
  });

/**
 * An operation's section of the reference page (its middle and right panels): the element Redoc
 * renders for its route (`data-section-id`), whether the page was opened at that route or reached it
 * from another one.
 */
const section = (page: Page, route: string) => page.locator(`[data-section-id="${route.replace(/^#/, '')}"]`).first();

/** Picks a code-sample language in an operation's request-samples panel; returns the code shown. */
async function sampleIn(page: Page, route: string, language: 'curl' | 'TypeScript'): Promise<string> {
  const panel = section(page, route).locator('.panel-request-samples:visible').first();
  // Off-screen sections are not laid out (their text reads as empty) until scrolled to; in the middle
  // of the screen, the picker's menu (fixed, opening downwards) stays on screen.
  await panel.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const picker = panel
    .getByRole('button', { name: /^(curl|TypeScript)$/ })
    .filter({ visible: true })
    .first();
  // textContent, not innerText: Redoc leaves sections out of layout once scrolled away, and
  // innerText reads those as empty.
  const label = async () => ((await picker.textContent()) ?? '').trim();
  if ((await label()) !== language) {
    // Clicked until its menu is open: after a pick in another operation's picker, Redoc takes the
    // first click on this one as a click away from that menu and opens nothing (a reader clicks twice).
    await expect
      .poll(async () => {
        if ((await picker.getAttribute('aria-expanded')) !== 'true') await picker.click();
        return picker.getAttribute('aria-expanded');
      })
      .toBe('true');
    // Picked with the keyboard, as a keyboard user would (and Playwright's click refuses the menu at
    // 390 px: it overflows its 4-pixel-high fixed container). Every operation's picker has a menu
    // once opened: the one that shows is this one's.
    await page.getByRole('menuitem', { name: language }).filter({ visible: true }).first().press('Enter');
  }
  await expect.poll(label).toBe(language);
  // The picker's label changes before the sample below it is re-rendered: wait for the sample of the
  // picked language (a curl sample starts with `curl`, a TypeScript one does not), then read it. A CI
  // run read the curl sample just after TypeScript was picked.
  const sample = async () => (await panel.locator('pre').filter({ visible: true }).first().textContent()) ?? '';
  const isCurl = (text: string) => text.startsWith('curl');
  await expect
    .poll(async () => {
      const text = await sample();
      return text !== '' && isCurl(text) === (language === 'curl');
    })
    .toBe(true);
  return sample();
}

/**
 * Pages kept open for the whole file, one per viewport, colour scheme and document: a view of the reference
 * is a route inside the one page (`#/…`, a same-document navigation, as a reader clicking the menu
 * gets it), so the file loads the 2.7 MB page once per viewport and scheme instead of once per view.
 */
function pageKeeper() {
  const pages = new Map<string, Page>();
  return {
    async at(url: string, options: { width?: number; dark?: boolean; refusals?: boolean } = {}): Promise<Page> {
      const key = `${options.width ?? 1440}-${options.dark ?? false}-${new URL(url).pathname}`;
      const kept = pages.get(key);
      if (!kept) {
        const page = await open(url, options);
        pages.set(key, page);
        return page;
      }
      await kept.goto(url);
      await kept.waitForFunction((hash) => location.hash === hash, new URL(url).hash, { polling: 100 });
      return kept;
    },
    async close(): Promise<void> {
      for (const page of pages.values()) await page.context().close();
      pages.clear();
    },
  };
}

const views = pageKeeper();

describe('the docs site, for a reader', () => {
  // One page for every operation, reached from one to the next as a reader clicking the menu reaches
  // them (a same-document navigation): a new page per operation loaded the 2.7 MB page 8 more times.
  it.each(OPERATIONS)('shows $id with curl and TypeScript samples, what it needs and its error codes', async (op) => {
    const page = await views.at(`${docs}${op.route}`);
    const text = await section(page, op.route).innerText();
    expect(text).toContain(op.summary);
    expect(text).toContain('Authorization');
    for (const needed of op.needs) expect(text).toContain(needed);
    expect(text).toContain(`Error codes (${op.family.name})`);
    expect(op.codes.length).toBeGreaterThan(3);
    for (const code of op.codes) expect(text).toContain(code);
    expect(await sampleIn(page, op.route, 'curl')).toMatch(/^curl -sS/);
    expect(await sampleIn(page, op.route, 'TypeScript')).toContain(`createFamilyClient('${op.family.id}'`);
  });

  it('keeps the sample language the reader picked on the next operation, and back', async () => {
    const [first, second] = OPERATIONS;
    if (!first || !second) throw new Error('fewer than two operations');
    const shown = async (route: string) => {
      const page = await views.at(`${docs}${route}`);
      const panel = section(page, route).locator('.panel-request-samples:visible').first();
      await panel.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      return (await panel.locator('pre').filter({ visible: true }).first().textContent()) ?? '';
    };
    // Whatever was picked before, each pick shows on the other operation.
    for (const [language, from, to] of [
      ['TypeScript', first, second],
      ['curl', second, first],
    ] as const) {
      await sampleIn(await views.at(`${docs}${from.route}`), from.route, language);
      await expect.poll(() => shown(to.route)).toMatch(language === 'curl' ? /^curl / : /createFamilyClient/);
    }
  });

  it.each([1440, 390])('wraps sample lines inside their box at %i px, clear of the copy button', async (width) => {
    const op = OPERATIONS.find((o) => o.id === 'createAndroidDeviceCommand') ?? OPERATIONS[0];
    if (!op) throw new Error('no operation');
    const page = await views.at(`${docs}${op.route}`, { width });
    await sampleIn(page, op.route, 'TypeScript');
    const panel = section(page, op.route).locator('.panel-request-samples:visible').first();
    await panel.scrollIntoViewIfNeeded();
    const layout = await panel.evaluate((el) => {
      const code = [...el.querySelectorAll('pre')].find((p) => p.getClientRects().length > 0) as HTMLElement;
      const copy = [...el.querySelectorAll('button')].find(
        (b) => b.getClientRects().length > 0 && /copy/i.test(b.getAttribute('aria-label') ?? ''),
      );
      const lines: DOMRect[] = [];
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      // Each word's boxes (a space at a wrapped line's end may hang past the edge, invisibly).
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          lines.push(...range.getClientRects());
        }
      }
      const c = copy?.getBoundingClientRect();
      const box = code.getBoundingClientRect();
      return {
        overflow: code.scrollWidth - code.clientWidth,
        outside: lines.filter((r) => r.right > box.right + 1 || r.left < box.left - 1).length,
        underCopy: c
          ? lines.filter((r) => r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom).length
          : 0,
        copyFound: Boolean(c),
      };
    });
    expect(layout).toEqual({ overflow: 0, outside: 0, underCopy: 0, copyFound: true });
  });
});

describe('links on a plain static host under a base path', () => {
  it('keeps every menu and heading link inside the page (a fragment), whatever the base path', async () => {
    const page = await views.at(host.url);
    const hrefs = await page
      .locator('#redoc a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const inside = hrefs.filter((h) => !/^(https?:|mailto:)/.test(h));
    expect(inside.length).toBeGreaterThan(20);
    expect(inside.filter((h) => !h.startsWith('#') && !/^(try\.html|openapi\.(json|yaml))/.test(h))).toEqual([]);
  });

  it.each([
    ['a section', '#/section/error-codes', 'Error codes'],
    ['an operation', OPERATIONS[3]?.route ?? '', OPERATIONS[3]?.summary ?? ''],
  ])('opens %s cold in a new tab from its link, as a shared link would', async (_, route, title) => {
    const page = await views.at(host.url);
    const link = page.locator(`#redoc a[href="${route}"]`).first();
    // An operation's menu entry shows once its group is open (the page is kept: it may be open already).
    if (route.includes('commands/') && !(await link.isVisible()))
      await page
        .locator('#redoc a[href^="#/"]', { hasText: OPERATIONS[3]?.family.tag ?? '' })
        .first()
        .click();
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
    if (!tab) throw new Error('no new tab');
    await tab.waitForLoadState('load');
    expect(tab.url()).toBe(`${host.url}${route}`);
    await heading(tab, title).first().waitFor();
    await tab.reload();
    await heading(tab, title).first().waitFor();
    await tab.close();
  });

  it('links the bundled spec, in YAML and JSON, and both download', async () => {
    const page = await views.at(host.url);
    for (const [name, file, start] of [
      ['YAML', 'openapi.yaml', '\nopenapi: 3.1.0\n'],
      ['JSON', 'openapi.json', '"openapi": "3.1.0"'],
    ] as const) {
      const link = page.getByRole('link', { name: new RegExp(`OpenAPI \\(${name}\\)`) }).first();
      const href = await link.getAttribute('href');
      expect(href).toBe(file);
      const res = await page.request.get(new URL(href ?? '', host.url).href);
      expect(res.status()).toBe(200);
      expect(await res.text()).toContain(start);
    }
  });
});

describe('the try-it console', () => {
  it('is linked from an operation, sends its request to the reference server, checks the answer and links back', async () => {
    const op = OPERATIONS.find((o) => o.id === 'createAndroidDeviceCommand');
    if (!op) throw new Error('no createAndroidDeviceCommand');
    const page = await open(`${docs}${op.route}`);
    await page
      .getByRole('link', { name: 'Try it in the console' })
      .and(page.locator(`[href="try.html#${op.id}"]`))
      .click();
    await page.waitForURL(/try\.html#createAndroidDeviceCommand$/);
    await page.locator('body[data-ready]').waitFor();
    expect(await page.getByLabel('Server').inputValue()).toBe(`${server.match}/applivery/v1`);
    await page.getByLabel('Demo token').selectOption('demo-android-admin-token');
    await page.getByRole('button', { name: 'Send POST' }).click();
    const success = Object.keys(
      operationsOf(spec).find((e) => e.operation.operationId === op.id)?.operation.responses ?? {},
    ).find((s) => s.startsWith('2'));
    await expect.poll(() => page.locator('#status').innerText()).toMatch(new RegExp(`^${success} `));
    expect(await page.locator('#verdict').innerText()).toBe('✓ Matches the contract.');
    const created = JSON.parse(await page.locator('#response-body').innerText()) as { data: { id: string } };
    expect(await page.locator('#response-headers').innerText()).toMatch(/content-type: application\/json/);

    // The command is really stored: the API lists it.
    const listPath = operationsOf(spec)
      .find((e) => e.operation.operationId === 'listAndroidDeviceCommands')
      ?.path.replace('{organizationId}', SEED.organization.id)
      .replace('{emmDeviceId}', SEED.device.id);
    const res = await fetch(`${server.match}${new URL(op.family.local).pathname}${listPath}?limit=100`, {
      headers: { authorization: `Bearer ${await page.getByLabel('Demo token').inputValue()}` },
    });
    const list = (await res.json()) as { data: { items: { id: string }[] } };
    expect(list.data.items.map((c) => c.id)).toContain(created.data.id);

    // And back: the console links the operation's place in the reference.
    await page.getByRole('link', { name: 'its reference' }).click();
    await heading(page, op.summary).first().waitFor();
    await page.context().close();
  });

  it('opens from a plain static host too, pointed at the local reference server', async () => {
    const page = await open(`${host.url}try.html#listMyDevices`);
    await page.locator('body[data-ready]').waitFor();
    const graph = OPERATIONS.find((o) => o.id === 'listMyDevices')?.family;
    expect(await page.getByLabel('Server').inputValue()).toBe(graph?.local.replace(/\/$/, ''));
    expect(await page.locator('#request').innerText()).toContain('/me/devices');
    await page.context().close();
  });

  it.each([
    [
      'an id that breaks its pattern',
      'getAndroidDeviceCommand',
      'emmCommandId',
      'not-an-id',
      'demo-android-admin-token',
      /^400 /,
      '"code": 3000',
    ],
    [
      'a token without the permission',
      'createAndroidDeviceCommand',
      undefined,
      '',
      'demo-android-viewer-token',
      /^403 /,
      '"code": 4003',
    ],
    ['no token', 'listMyDevices', undefined, '', '', /^401 /, 'InvalidAuthenticationToken'],
  ])(
    'shows %s answered in the family envelope, and checked too',
    async (_, operationId, field, value, token, status, body) => {
      const page = await open(`${docs}try.html#${operationId}`, { refusals: true });
      await page.locator('body[data-ready]').waitFor();
      if (field) await page.getByLabel(new RegExp(`^${field} `)).fill(value);
      await page.locator('#token').selectOption(token);
      await page.locator('#send').click();
      await expect.poll(() => page.locator('#status').innerText()).toMatch(status);
      expect(await page.locator('#verdict').innerText()).toBe('✓ Matches the contract.');
      expect(await page.locator('#response-body').innerText()).toContain(body);
      await page.context().close();
    },
  );
});

describe('accessibility and layout', () => {
  const VIEWS: [string, string, boolean][] = [
    ['the landing view', '', false],
    ['an Android operation', OPERATIONS.find((o) => o.family.id === 'android')?.route ?? '', false],
    ['a Graph operation', OPERATIONS.find((o) => o.family.id === 'graph')?.route ?? '', false],
    ['the error codes section', '#/section/error-codes', false],
    ['an Android operation in the dark theme', OPERATIONS[1]?.route ?? '', true],
    ['a Graph operation in the dark theme', OPERATIONS.at(-2)?.route ?? '', true],
    ['the try-it console', 'try.html#sendDeviceCommand', false],
    ['the try-it console in the dark theme', 'try.html#cancelAndroidDeviceCommand', true],
  ];

  async function seriousViolations(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE });
    const result = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    })) as { violations: { id: string; impact: string | null; nodes: { html: string }[] }[] };
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.html.slice(0, 120)}`));
  }

  it.each(VIEWS.flatMap(([name, route, dark]) => [1440, 390].map((width) => [name, width, route, dark] as const)))(
    'finds no serious or critical axe-core violation on %s at %i px',
    async (_, width, route, dark) => {
      const page = await views.at(`${docs}${route}`, { width, dark });
      await a11yFixed(page);
      expect(await seriousViolations(page)).toEqual([]);
    },
  );

  it('finds none in the open search dialog either', async () => {
    const page = await open(docs);
    await page.locator('[data-component-name="icons/SearchIcon/SearchIcon"]').first().click();
    await page.getByPlaceholder('Search docs...').fill('cancel');
    // The dialog lists what it found (Redoc's in-page index), and the fixes have run on it.
    await page
      .locator('[data-component-name="Search/SearchItem"]', { hasText: /cancel/i })
      .first()
      .waitFor();
    await a11yFixed(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('reaches every scrolling region with the keyboard', async () => {
    const page = await views.at(`${docs}#/section/error-codes`, { width: 390 });
    await a11yFixed(page);
    const unreachable = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#redoc *')]
        .filter((el) => {
          const s = getComputedStyle(el);
          return /(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
        })
        .filter((el) => el.tabIndex < 0 && !el.querySelector('a[href], button, [tabindex="0"]'))
        .map((el) => el.outerHTML.slice(0, 100)),
    );
    expect(unreachable).toEqual([]);
  });

  it('keeps the phone menu bar off the content: the page starts below it, and it opens the menu', async () => {
    const page = await open(`${docs}${OPERATIONS[0]?.route ?? ''}`, { width: 390 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const bar = page.getByRole('button', { name: 'Open navigation menu' });
    const barBox = await bar.boundingBox();
    const content = await page
      .locator('.api-content')
      .first()
      .evaluate((el) => {
        const first = [...el.querySelectorAll('h1, h2, p')].find((e) => e.getBoundingClientRect().height > 0);
        return first?.getBoundingClientRect().top ?? 0;
      });
    expect(barBox).not.toBeNull();
    expect(barBox?.y).toBe(0);
    expect(barBox?.width).toBe(390);
    expect(content).toBeGreaterThanOrEqual((barBox?.height ?? 0) - 1);
    await page.screenshot({ path: `${artifacts}docs-390.png` });
    await bar.click();
    await page
      .getByRole('link', { name: /List device commands/ })
      .first()
      .waitFor();
    await page.context().close();
  });

  it('writes screenshots at 1440 and 390 px as test artifacts', async () => {
    for (const width of [1440, 390]) {
      const page = await views.at(`${docs}${OPERATIONS[1]?.route ?? ''}`, { width });
      await page.screenshot({ path: `${artifacts}operation-${width}.png` });
    }
  });
});

describe('delivery', () => {
  it('sends the page compressed to a browser, about a quarter of its size', async () => {
    const page = await (await newContext(browser)).newPage();
    const res = await page.goto(docs);
    expect(res?.headers()['content-encoding']).toBe('br');
    const raw = (await (await fetch(docs, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength;
    const sizes = await page.evaluate(
      () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).encodedBodySize,
    );
    expect(sizes).toBeLessThan(raw / 3);
    await page.context().close();
  });

  it('shows the contract version and its changelog', async () => {
    const page = await open(docs);
    const version = String((spec.info as { version: string }).version);
    expect(await page.locator('#redoc').innerText()).toContain(version);
    await page.locator('#redoc a[href="#/section/changelog"]').first().click();
    await heading(page, 'Changelog').first().waitFor();
    expect(await page.locator('#redoc').innerText()).toMatch(
      new RegExp(`${version.replace(/\./g, '\\.')} \\(\\d{4}-\\d{2}-\\d{2}\\)`),
    );
    await page.context().close();
  });

  it('logged no console error and made no request beyond this machine in any of the above', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
