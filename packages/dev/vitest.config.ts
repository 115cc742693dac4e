import { defineConfig } from 'vitest/config';

// The loop's tests wait for rebuilds (lint, bundle, restart, docs, type check) on a busy machine.
export default defineConfig({
  test: { testTimeout: 400_000, hookTimeout: 120_000, fileParallelism: false },
});
