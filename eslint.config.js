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
);
