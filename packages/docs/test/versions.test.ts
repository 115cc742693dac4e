/**
 * The published site as readers get it: every released contract version the changelog records,
 * built from git history (a clone without tags is enough), served as static files under a base path,
 * read in Chromium. The version switcher lands on the same operation in the other version; the
 * changelog links each version; and two phone-width defects stay fixed (the title broke inside a
 * word; the console showed descriptions' Markdown raw).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDereferencedSpec, loadSpec, operationsOf } from '@device-commands/spec';
import { changelogRecord } from '@device-commands/spec-diff/releases';
import { launchChromium, newContext } from '@device-commands/testkit/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVersionedSite, landing, redocRoute, type VersionedSite } from '../src/versions.ts';
import { startStaticHost } from './static-host.ts';

const out = mkdtempSync(join(tmpdir(), 'docs-site-'));
const latest = loadSpec().info.version;
let site: VersionedSite;
let host: { url: string; close(): Promise<void> };
let browser: Browser;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  site = await buildVersionedSite(out);
  host = await startStaticHost(out, '/device-commands/');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(out, { recursive: true, force: true });
});

async function open(url: string, width = 1440): Promise<Page> {
  const context = await newContext(browser, { viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${url}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${url}: ${e.message}`));
  page.on('request', (r) => {
    const { protocol, hostname } = new URL(r.url());
    if (!['data:', 'blob:', 'about:'].includes(protocol) && hostname !== '127.0.0.1') foreignRequests.push(r.url());
  });
  try {
    await page.goto(url);
    if (url.includes('try.html'))
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { polling: 100 });
    else await hydrated(page);
  } catch (error) {
    // A page that did not load is closed, not left loading beside the next test's page.
    await context.close();
    throw error;
  }
  return page;
}

/** Redoc has rendered and the page's accessibility fixes have run (src/page/a11y.js marks them done). */
async function hydrated(page: Page): Promise<void> {
  await page.locator('.api-content').first().waitFor();
  await page.waitForFunction(
    () => document.documentElement.dataset.a11y === 'done' && document.readyState === 'complete',
    null,
    // Every 100 ms, not on every animation frame (Playwright's default).
    { polling: 100 },
  );
}

const older = () => site.versions.find((v) => v.version !== latest);

describe('the versioned docs site', () => {
  it('keeps every release the changelog records: the newest at the root and at v/<version>/, each older one at v/<version>/ with its own contract', async () => {
    const { versions } = changelogRecord();
    // Every version the changelog names is built or listed as skipped with a reason; none is lost.
    expect([...site.versions.map((v) => v.version), ...site.skipped.map((s) => s.version)].sort()).toEqual(
      [...versions].sort(),
    );
    expect(site.versions[0]?.version).toBe(latest);
    expect(site.versions.length).toBeGreaterThanOrEqual(2);
    for (const s of site.skipped) expect(s.why).not.toBe('');
    for (const { version } of site.versions) {
      const contract = (await (await fetch(`${host.url}v/${version}/openapi.json`)).json()) as {
        info: { version: string };
      };
      expect(contract.info.version).toBe(version);
    }
    const root = (await (await fetch(`${host.url}openapi.json`)).json()) as { info: { version: string } };
    expect(root.info.version).toBe(latest);
  });

  it('switches from an operation in the newest version to the same operation in an older one, and back', async () => {
    const old = older();
    if (!old) throw new Error('no older version was built');
    const newest = site.versions[0];
    const route = newest?.routes.find((r) => old.routes.includes(r));
    if (!route) throw new Error('no operation is in both versions');
    const entry = operationsOf(loadDereferencedSpec()).find(
      (e) => redocRoute(e.family.tag, e.operation.operationId) === route,
    );
    const page = await open(`${host.url}${route}`);
    await page.selectOption('#dc-version', old.version);
    await page.waitForURL(`${host.url}v/${old.version}/${route}`);
    await hydrated(page);
    await expect.poll(() => page.locator('#dc-version').inputValue()).toBe(old.version);
    await expect
      .poll(() =>
        page
          .getByRole('heading', { name: String(entry?.operation.summary) })
          .first()
          .isVisible(),
      )
      .toBe(true);
    await page.selectOption('#dc-version', latest);
    await page.waitForURL(`${host.url}${route}`);
    await hydrated(page);
    expect(await page.evaluate(() => location.hash)).toBe(route);
    await page.context().close();
  });

  it("links each built version from the changelog, and each link opens that version's reference", async () => {
    const page = await open(host.url);
    for (const { version } of site.versions) {
      const link = page.getByRole('link', { name: `The ${version} reference` }).first();
      const href = await link.getAttribute('href');
      expect(href, version).toBe(version === latest ? '' : `v/${version}/`);
      const res = await fetch(new URL(href ?? '', host.url));
      expect(res.status, version).toBe(200);
    }
    await page.context().close();
  });

  it('at 390 px, the switcher sits below the menu bar, where a tap reaches it', async () => {
    const page = await open(`${host.url}v/${older()?.version}/`, 390);
    const box = await page.locator('#dc-version').boundingBox();
    if (!box) throw new Error('the switcher is not laid out');
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x as number, y as number)?.id ?? '',
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe('dc-version');
    await page.context().close();
  });

  it('at 390 px, the page title breaks only between words', async () => {
    const page = await open(host.url, 390);
    const words = await page
      .locator('h1')
      .first()
      .evaluate((h1) => {
        const text = h1.firstChild as Text;
        const lines: { word: string; lines: number }[] = [];
        for (const match of (text.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(text, match.index ?? 0);
          range.setEnd(text, (match.index ?? 0) + match[0].length);
          lines.push({
            word: match[0],
            lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
          });
        }
        return lines;
      });
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) expect(w, w.word).toEqual({ word: w.word, lines: 1 });
    await page.context().close();
  });

  it("the console renders descriptions' Markdown as the reference does: no raw ** or backticks", async () => {
    // An operation whose parameter descriptions the contract writes in Markdown, found in the contract.
    const entry = operationsOf(loadDereferencedSpec()).find((e) =>
      (e.operation.parameters ?? []).some((p) =>
        /\*\*[^*]+\*\*/.test(String((p as { description?: string }).description)),
      ),
    );
    if (!entry) throw new Error('no parameter description uses **strong** Markdown');
    const page = await open(`${host.url}try.html#${entry.operation.operationId}`, 390);
    const hints = page.locator('.hint');
    await expect.poll(() => hints.count()).toBeGreaterThan(0);
    const text = (await hints.allTextContents()).join('\n');
    expect(text).not.toMatch(/\*\*|`/);
    const strong = await page.locator('.hint strong').allTextContents();
    const bold = (entry.operation.parameters ?? []).flatMap((p) =>
      [...String((p as { description?: string }).description).matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]),
    );
    expect(strong).toEqual(expect.arrayContaining(bold));
    expect(await page.locator('.hint code').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('shows no console errors and sends no request off the site', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

describe("the switcher's landing place", () => {
  const old = { href: 'v/1.1.0/', routes: ['#/a/list', '#/a/get'] };
  const newest = { href: '', routes: ['#/a/list', '#/a/get', '#/b/send'] };
  const all = [newest.routes, old.routes];
  it.each([
    ['the same operation, which the other version has', '#/a/get', old, 'v/1.1.0/#/a/get'],
    ["an operation the other version lacks: that version's top", '#/b/send', old, 'v/1.1.0/'],
    ['a section (not an operation): its place is kept', '#/section/error-codes', old, 'v/1.1.0/#/section/error-codes'],
    ['no place: the top', '', newest, ''],
    ['back to the newest, which has the operation', '#/a/list', newest, '#/a/list'],
  ])('%s', (_, hash, target, expected) => {
    expect(landing(hash, target, all)).toBe(expected);
  });
});

// The site's own files are what the Pages workflow uploads: nothing of it points outside the base path.
it('every page of the built site refers to its files relatively (it works under any base path)', () => {
  for (const file of ['index.html', 'try.html', ...site.versions.map((v) => `v/${v.version}/index.html`)]) {
    const html = readFileSync(join(out, file), 'utf8');
    expect(html, file).not.toMatch(/(?:src|href)="\/(?!\/)/);
  }
});
