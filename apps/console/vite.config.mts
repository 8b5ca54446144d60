import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The gateway the dev server forwards the API and the console's own routes to (`npm start` runs it on 3000).
const gateway = process.env.CONSOLE_GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // the Radix packages' "use client" directives mean nothing outside React server components
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': gateway, '/console/config.json': gateway, '/console/dev-token': gateway },
  },
});
