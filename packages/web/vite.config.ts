import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const hub = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target: hub, changeOrigin: false },
      '/healthz': { target: hub, changeOrigin: false },
    },
  },
});
