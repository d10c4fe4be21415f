/**
 * The packaging config, checked as far as it can be without the Electron binary: electron-builder.yml is valid
 * against electron-builder's own JSON schema (app-builder-lib/scheme.json, the one it validates with), every path it
 * packs or unpacks exists after `vite build` + `tsc -p tsconfig.electron.json` (the test build), every module the
 * compiled code imports is a production dependency (electron-builder packs only those), each platform has an icon fit
 * for it, and the Electron fuses are the ones written down in README "Desktop app".
 */
import { Ajv } from 'ajv';
import type { Configuration } from 'electron-builder';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const appRoot = inject('appRoot');
const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

type Fuses = NonNullable<Configuration['electronFuses']>;
/**
 * Every fuse decided (Required: tsc fails when electron-builder adds or renames one), against electron-builder's
 * FuseOptionsV1. The two left out are not security choices: a V8 snapshot file and a macOS signing detail.
 */
const FUSES: Required<Omit<Fuses, 'loadBrowserProcessSpecificV8Snapshot' | 'resetAdHocDarwinSignature'>> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

function validator() {
  const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

/** Every file under `dir`, relative to it, with / separators. */
function walk(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(dir, full).split('\\').join('/');
      if (skip(rel)) continue;
      if (e.isDirectory()) visit(full);
      else out.push(rel);
    }
  };
  visit(dir);
  return out;
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`).toBe(true);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s JSON schema', () => {
    const validate = validator();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema does refuse what electron-builder would refuse: a misspelt key, a fuse that is not a boolean.
    expect(validate({ ...config, electronFuse: FUSES })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...FUSES, runAsNode: 'no' } })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...FUSES, runAsNodes: false } })).toBe(false);
  });

  it('sets the Electron fuses: no RunAsNode, no NODE_OPTIONS or --inspect, cookies encrypted, asar integrity', () => {
    expect(config.electronFuses).toEqual(FUSES);
    // asar integrity needs an asar (electron-builder's default, not turned off) holding the app.
    expect((config as { asar?: unknown }).asar ?? true).not.toBe(false);
  });

  it('packs the shell that package.json names, and main points at it', () => {
    expect(config.extraMetadata?.['main']).toBe('dist/main/electron/main.js');
    expect(pkg.main).toBe(config.extraMetadata?.['main']);
    expect(existsSync(join(appRoot, pkg.main))).toBe(true);
  });

  it('finds a file for every pattern of files and asarUnpack in the built app', () => {
    const appFiles = walk(appRoot, (rel) => rel === 'node_modules' || rel === 'out');
    const files = config.files as string[];
    for (const pattern of files.filter((p) => !p.startsWith('!'))) {
      expect(appFiles.filter((f) => minimatch(f, pattern, { dot: true })), pattern).not.toEqual([]);
    }
    const packed = appFiles.filter((f) => files.some((p) => !p.startsWith('!') && minimatch(f, p, { dot: true })) && !files.some((p) => p.startsWith('!') && minimatch(f, p.slice(1), { matchBase: true })));
    // The UI, the shell, the core, the import worker, its writer and the session-file worker (loaded by URL, so easy to lose) and the version's package.json.
    for (const f of ['dist/renderer/index.html', 'dist/main/electron/main.js', 'dist/main/app/create-app.js', 'dist/main/logs/import/import-worker.js', 'dist/main/logs/import/import-writer.js', 'dist/main/logs/import/session-file-worker.js', 'dist/shared/api/routes.js', 'package.json']) {
      expect(packed, f).toContain(f);
    }
    expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
    // asarUnpack applies to node_modules too: better-sqlite3's addon must land outside the archive.
    const sqlite = walk(realpathSync(join(ROOT, 'node_modules', 'better-sqlite3'))).map((f) => `node_modules/better-sqlite3/${f}`);
    for (const pattern of config.asarUnpack as string[]) {
      expect(sqlite.filter((f) => minimatch(f, pattern, { dot: true })), pattern).not.toEqual([]);
    }
    expect(sqlite).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  });

  it('needs no devDependency at run time: every module the compiled code imports is a dependency (or Node\'s, or electron)', () => {
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const f of walk(join(appRoot, 'dist')).filter((x) => x.endsWith('.js') && !x.startsWith('renderer/'))) {
      const text = readFileSync(join(appRoot, 'dist', f), 'utf8');
      // TypeScript's own scanner: static imports, re-exports and dynamic import() with a literal.
      for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec.split('/')[0]!)) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(3);
    const missing = [...imported].filter((name) => name !== 'electron' && !(name in pkg.dependencies));
    expect(missing).toEqual([]);
    expect(pkg.devDependencies).toHaveProperty('electron');
  });

  it('has an icon for every platform target, big enough for it', () => {
    const need = { linux: 256, win: 256, mac: 512 } as const;
    for (const [platform, min] of Object.entries(need)) {
      const p = config[platform as keyof typeof need] as { icon?: string; target?: unknown };
      expect(p?.target, platform).toBeDefined();
      expect(p?.icon, platform).toBeTypeOf('string');
      const file = join(ROOT, p.icon!);
      expect(existsSync(file), file).toBe(true);
      const { width, height } = pngSize(file);
      expect(width, `${platform} icon width`).toBeGreaterThanOrEqual(min);
      expect(height).toBe(width);
    }
    expect(statSync(join(ROOT, config.directories!.buildResources!)).isDirectory()).toBe(true);
  });
});
