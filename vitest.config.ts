import { defineConfig } from 'vitest/config';

// Integration and e2e tests start containers and QEMU on 2 cores: run files one at a
// time there, and give them room; unit tests stay fast and parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
