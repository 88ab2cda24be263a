import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the API at /console from dist/console (see
// apps/console/server). In development, `npm run dev:console` proxies the API
// routes to a running `npm start` on API_URL (default http://localhost:3000).
const root = dirname(fileURLToPath(import.meta.url));
const apiUrl = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/console/',
  build: {
    outDir: resolve(root, '../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // antd marks its modules "use client" for React Server Components; a browser bundle has no use for it
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      // libraries in their own long-cached files: a console release then re-downloads only its own code
      output: {
        manualChunks(id: string) {
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          if (/node_modules\/(antd|@ant-design|@rc-component|rc-[^/]+|dayjs)\//.test(id)) return 'antd';
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: {
      '/v1': apiUrl,
      '/console/demo-tokens': apiUrl,
    },
  },
});
