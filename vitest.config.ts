// Test runner configuration: one project per test layer, so a layer can be run alone
// (`npx vitest run --project unit`) and slow layers do not share workers with fast ones.
// No `retry` anywhere: a test that passes only on a second try is a failing test. The timeouts are
// ceilings for a loaded machine, not waits: every test waits on events and ends as soon as they come.
// Vitest's 5 s default is not enough for CPU-bound work (a jsdom render of 130 timeline entries took
// 11 s at a load average of 14 on 2 cores), so every layer gets 30 s; the e2e layer more.
// Every file checks that it left no temp folder behind (leak-check.ts), and the whole run that its
// private TMPDIR is empty at the end (run-tmpdir.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    globalSetup: ['test/helpers/run-tmpdir.ts'],
    setupFiles: ['test/helpers/leak-check.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'electron', include: ['test/electron/**/*.test.ts'] } },
      { extends: true, test: { name: 'renderer', include: ['test/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/renderer/setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false, expect: { poll: { timeout: 15_000 } } } },
    ],
  },
});
