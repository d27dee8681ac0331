import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// One build for the three Electron targets. The main bundle also carries the CLI and the headless
// server entry (`out/main/cli.js`), so `oiw serve` runs the very services the desktop app runs, and the
// trainer process (`out/main/trainer.js`).
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          // The trainer process (utilityProcess in the app, child_process.fork headless and in the CLI).
          trainer: resolve(__dirname, 'src/worker/index.ts'),
          // npm run bench:train: one training step timed on a chosen backend.
          'bench-train': resolve(__dirname, 'src/worker/bench/bench-train.ts'),
          'bench-pipeline': resolve(__dirname, 'src/worker/bench/bench-pipeline.ts'),
          // npm run bench:annotate: edits timed on a large synthetic catalog.
          'bench-annotate': resolve(__dirname, 'src/main/bench/bench-annotate.ts'),
          // npm run bench:soak: the synthetic workspace it serves.
          'bench-soak-catalog': resolve(__dirname, 'src/main/bench/bench-soak-catalog.ts'),
          // A challenge-shaped dataset folder for end-to-end tests and F2 benchmarks (docs/challenge-set.md).
          'challenge-set': resolve(__dirname, 'src/main/bench/challenge-set-cli.ts'),
          // Threshold fitting for the Errors page, on a worker thread of the serving process.
          'fit-worker': resolve(__dirname, 'src/main/services/evaluation/fit-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // Served over HTTP to browsers in headless mode, so minified (electron-vite leaves it off).
      minify: true,
      chunkSizeWarningLimit: 1000,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
})
