import { defineConfig } from 'vitest/config';

// The loop's tests wait for rebuilds (lint, bundle, restart, docs, type check) on a busy machine. The
// loop's test (a copy of the repository) and the proxy's (its own data directory) share nothing, so
// they run side by side.
export default defineConfig({
  test: { testTimeout: 400_000, hookTimeout: 120_000, maxWorkers: 2 },
});
