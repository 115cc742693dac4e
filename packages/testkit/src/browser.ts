import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
