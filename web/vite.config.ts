import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built into dist/web, which the Fastify server serves at `/` (src/http/app.ts).
// In development (`vite --config web/vite.config.ts`), API calls go to a server started with `npm run dev`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    // The country outline (world-atlas) is a lazily loaded chunk of its own.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
