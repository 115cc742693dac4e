import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time: they mostly wait on other processes (the port, Prism, npm, the suite).
    maxWorkers: 2,
    // Bounds, not waits: the README test runs the whole suite, a budgeted run, a fault and the monitor
    // block; the installed-suite test installs a tarball with npm. A loaded CI machine needs room.
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
