import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { formValidatorsPlugin } from './renderer/build/form-validators-plugin.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The renderer: built to dist/renderer/, served by the core on the UI port (headless and Electron alike). */
export default defineConfig({
  root: `${here}renderer`,
  base: './',
  plugins: [react(), formValidatorsPlugin()],
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
