import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const fromRepoRoot = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@evalflow/domain': fromRepoRoot('libs/domain/src/index.ts'),
      '@evalflow/workflow': fromRepoRoot('libs/workflow/src/index.ts'),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // antd alone is ~1.25 MB minified (with the date picker, timeline and tree table of the evaluation pages). The pages
    // load on their first visit (apps/web/src/app/router.tsx), so antd and the other libraries are split by the pages
    // that use them: the login page loads only its form's share (issue 15 §2; scripts/bench/web-first-load.ts measures
    // it). React, the same on every page, keeps one long-cached chunk; ECharts loads only with the charts.
    chunkSizeWarningLimit: 1400,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
            // ECharts (~1 MB) only for the pages that draw charts: imported lazily, its own chunk loads with them.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 4200,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    port: 4300,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
