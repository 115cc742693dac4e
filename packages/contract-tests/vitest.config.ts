import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time: on a two-core machine Vitest's default is one, and these files mostly wait
    // on other processes (servers, Prism, Chromium, npm, tsc), so the package's tail runs alone.
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
