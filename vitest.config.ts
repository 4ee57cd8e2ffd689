import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real clients (khal, python, vdirsyncer, chromium) start as processes: give them time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
