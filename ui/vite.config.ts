import { defineConfig } from 'vitest/config';

// The API serves the bundle from the jar's assets/ folder at /; in development Vite proxies
// /api to a running API.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'target/classes/assets',
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
