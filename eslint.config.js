// Layering rules (STYLE.md): shared/ is runtime-neutral; renderer/ never reaches into main/; only main/electron/ imports electron.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'stream', 'url', 'zlib', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'out/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports nothing from main/ or renderer/' },
          { group: nodeBuiltins, message: 'shared/ must run in the browser too: no Node built-ins' },
          { group: ['electron', 'react', 'react-dom'], message: 'shared/ stays free of UI and Electron' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**'], message: 'renderer/ talks to the core only through the control API (renderer/api/)' },
          { group: [...nodeBuiltins, 'electron'], message: 'renderer/ runs in a sandboxed page: no Node built-ins or electron' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'only main/electron/ imports electron: the core boots under plain Node' },
          { group: ['**/renderer/**'], message: 'main/ never imports the renderer' },
        ],
      }],
    },
  },
  {
    // main/logs speaks neither HTTP nor the live CSMS: its errors are mapped at the API boundary
    // (main/api/session-log-routes.ts), its SQL lives in main/store (test/unit/logs/boundaries.test.ts checks both).
    // Repeats main/'s patterns: in a flat config the later block replaces the rule's options for these files.
    files: ['main/logs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'only main/electron/ imports electron: the core boots under plain Node' },
          { group: ['**/renderer/**'], message: 'main/ never imports the renderer' },
          { regex: '^(\\.\\./)+api/', message: 'main/logs never imports main/api: throw a LogError (main/logs/errors.ts); main/api maps it to HTTP' },
          { regex: '^(\\.\\./)+csms/', message: 'main/logs never imports main/csms: take what it needs as a parameter' },
          { group: ['better-sqlite3'], message: 'main/logs runs no SQL: put it behind a main/store repository' },
        ],
      }],
    },
  },
  {
    // The store is the bottom layer of main/: it serves main/logs, main/csms and main/api, and imports none of them.
    files: ['main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'only main/electron/ imports electron: the core boots under plain Node' },
          { group: ['**/renderer/**'], message: 'main/ never imports the renderer' },
          { regex: '^(\\.\\./)+(api|csms|logs)/', message: 'main/store is the bottom layer: it never imports main/api, main/csms or main/logs' },
        ],
      }],
    },
  },
);
