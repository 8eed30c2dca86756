import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./client', import.meta.url));
const outDir = process.env.WEB_BUILD_DIR ?? fileURLToPath(new URL('../../dist/apps/web/client', import.meta.url));

// The web app: React, Ant Design and ECharts, bundled once into hashed files the web server serves.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // React and ECharts change less often than the app: their own files stay cached across releases. Ant Design is
        // left to the bundler's split, so a screen loads only the components it uses (the first page's code was 1.4 MB
        // with all of Ant Design in one file, about 0.8 MB split).
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.mts` during development: the API through the web server's routes.
    proxy: { '/api': 'http://127.0.0.1:3000', '/config.json': 'http://127.0.0.1:3000' },
  },
});
