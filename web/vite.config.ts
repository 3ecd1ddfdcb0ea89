import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The console is served by the API process at /app/ (src/console/console-static.ts), from
// dist/web: `npm run build` builds the server first (nest empties dist/), then this.
export default defineConfig({
  root: __dirname,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, '../dist/web'),
    emptyOutDir: true,
    // Libraries in chunks of their own: a new console release re-downloads only its own code.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-dom/client', 'react-router'],
          mantine: ['@mantine/core', '@mantine/hooks', '@mantine/form', '@mantine/notifications'],
          query: ['@tanstack/react-query', 'openapi-fetch'],
          charts: ['@mantine/charts', 'recharts'],
        },
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts`: the service (`npm start`, or PM_URL) behind it.
    // The Host header goes on unchanged (Vite's shorthand would rewrite it), so the service sees
    // the page's own origin and accepts its Origin on writes.
    proxy: Object.fromEntries(
      ['/api', '/auth'].map((path) => [
        path,
        { target: process.env.PM_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
      ]),
    ),
  },
});
