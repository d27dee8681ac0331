import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'worker_threads', 'stream']
const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
})

// Layering, as in ../shared/STYLE.md: shared runs anywhere; the renderer is a web page; only the
// preload touches ipcRenderer; services never import electron.
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Code passed to page.evaluate runs in the browser.
    files: ['tests/e2e/**', 'scripts/screenshots.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      ...restrict([...nodeBuiltins, 'electron', 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/preload/**', '**/worker/**'], 'src/shared runs anywhere: no node, electron, DOM or other layers'),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([...nodeBuiltins, 'electron', '**/main/**', '**/preload/**', '**/worker/**'], 'the renderer is a web page: no node, electron or main-process code'),
  },
  {
    files: ['src/main/**', 'src/worker/**'],
    rules: restrict(['**/renderer/**'], 'main and worker never import the renderer'),
  },
  {
    files: ['src/main/services/**', 'src/main/db/**', 'src/main/transport/**', 'src/main/app/**', 'src/main/cli/**', 'src/worker/**'],
    rules: restrict(['electron', '**/renderer/**'], 'services run headless too: only src/main/electron and src/main/index.ts import electron'),
  },
  {
    files: ['src/**'],
    ignores: ['src/preload/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "Identifier[name='ipcRenderer']", message: 'only the preload touches ipcRenderer' }],
    },
  },
)
