import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time: on a two-core machine Vitest's default is one, and these files mostly wait
    // on other processes (servers, Prism, Chromium, npm, tsc), so the package's tail runs alone.
    maxWorkers: 2,
    // Bounds that turn a hang into a failure, not expected durations: each wait in a browser test is
    // bounded by BROWSER_WAIT_MS (90 s, @device-commands/testkit/browser), and the longest test makes
    // three page loads (versions.test.ts, the switcher and back). A CI run saw page loads of the 2.7 MB
    // reference page take over 30 s each on a shared machine, where they take 3–6 s here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 90_000, interval: 100 } },
  },
});
