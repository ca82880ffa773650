import { defineConfig } from 'vite';

// A static build served by case-management (src/adapters/http/console.ts) under a strict Content-Security-Policy:
// no inline scripts or styles, so no module-preload polyfill injected into the page and no inlined assets.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
