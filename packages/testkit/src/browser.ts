import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

/** The system Chromium (Debian's `chromium`; CHROMIUM_PATH overrides), headless. Never a downloaded build. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: apt-get install -y chromium (scripts/system-deps.sh does)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // No spare renderer kept warm for the next navigation, and no process per site: a run of the
      // docs site's tests started 129 renderers for about 30 pages (each start costs about 0.6
      // CPU-seconds), 81 with these.
      '--disable-features=SpareRendererForSitePerProcess',
      '--disable-site-isolation-trials',
    ],
  });
}

/**
 * The longest a browser test waits for one thing (a navigation, an element, a page state): a bound
 * that turns a hang into a failure, not an expected duration. A load of the docs site's 2.7 MB page
 * takes 3–6 s while the whole test command runs here; a CI run saw three loads in a row each take
 * over 30 s (Playwright's default bound) on a shared machine, and two tests failed on that alone.
 */
export const BROWSER_WAIT_MS = 90_000;

/** A new browser context (its own storage, viewport and colour scheme) whose waits are bounded by BROWSER_WAIT_MS. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
  return context;
}
