import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Shared vitest settings: resolve workspace packages to their TypeScript sources. */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@mtlkit/source'] },
  ssr: { resolve: { conditions: ['@mtlkit/source'], externalConditions: ['@mtlkit/source'] } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts'],
    // Test files share one module graph per worker: tfjs and its WASM backend load once per worker
    // instead of once per file (most of a small file's time). The only global state the tests may
    // leave behind is the tfjs engine's: leak tests compare tensor counts before and after
    // themselves, and a test that changes a tfjs flag or the backend restores it.
    isolate: false,
    deps: {
      // Pre-bundle tfjs-core's gradient registry once instead of transforming ~200 files per test file.
      optimizer: { ssr: { enabled: true, include: ['@tensorflow/tfjs-core/dist/register_all_gradients.js'] } },
    },
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
  },
});
