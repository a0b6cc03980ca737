import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Two builds (issue 20): the browser app into dist/ (with a manifest, so the server can preload a page's own
// chunks and inline its CSS), and `--ssr src/entry-server.tsx` into dist-ssr/, the renderer apps/server loads for
// the public pages. npm run build does both.
export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } },
  },
  build: isSsrBuild
    ? { target: 'node20', outDir: 'dist-ssr', sourcemap: true }
    : { target: 'es2022', sourcemap: true, manifest: true },
}));
