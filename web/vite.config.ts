import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the console on Vite's own port; the API is the gateway started by `npm run up`.
const gateway = 'http://127.0.0.1:4000';

export default defineConfig({
  // Pinned so the build lands in web/dist whichever directory Vite is started from.
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/export': gateway,
      '/auth': gateway,
    },
  },
});
