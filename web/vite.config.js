import { defineConfig } from 'vite';

// Preact's JSX through esbuild alone (no Babel preset). The build lands in target/ like every other module's
// output; the gateway serves web/target/dist at /.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'target/dist', emptyOutDir: true, assetsInlineLimit: 0, sourcemap: false },
  server: {
    // `npm run dev` against a running ./persona up: the API paths go to the gateway.
    proxy: Object.fromEntries(['/auth', '/personas', '/v1', '/health'].map(p => [p, 'http://localhost:8080'])),
  },
});
