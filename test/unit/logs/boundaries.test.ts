/**
 * main/logs (session export, import, re-open) keeps to its layer: it never imports main/api (its errors are LogErrors
 * that main/api maps to HTTP) or main/csms (what it needs of the live CSMS comes as a parameter), and it holds no SQL
 * (the statements live in main/store repositories). eslint.config.js says the same for the imports; this test also
 * catches what a lint rule cannot see: a dynamic import, a re-export, an SQL string.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const LOGS = join(ROOT, 'main/logs');
const FORBIDDEN_DIRS = ['main/api', 'main/csms'];
const SQL = /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+|VIRTUAL\s+)?(TABLE|INDEX|VIEW|TRIGGER)|DROP\s+TABLE|ATTACH\s+\S+\s+AS|DETACH\s+\w|PRAGMA\s+\w|BEGIN\s+TRANSACTION)\b/i;
const DB_CALLS = new Set(['prepare', 'pragma', 'exec', 'iterate', 'backup', 'serialize', 'loadExtension']);

interface Violation { file: string; line: number; what: string }

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every import specifier (static, re-export, dynamic, `new URL(..., import.meta.url)`), SQL string and database call of one source. */
function violations(file: string, text: string): Violation[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Violation[] = [];
  const at = (n: ts.Node, what: string) => out.push({ file: relative(ROOT, file), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, what });
  const checkSpecifier = (n: ts.Node, spec: string) => {
    if (spec === 'better-sqlite3') at(n, `imports better-sqlite3`);
    if (!spec.startsWith('.')) return;
    const target = relative(ROOT, resolve(dirname(file), spec));
    const bad = FORBIDDEN_DIRS.find((d) => target === d || target.startsWith(`${d}/`));
    if (bad) at(n, `imports ${target} (${bad})`);
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      checkSpecifier(n, n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) {
      checkSpecifier(n, n.arguments[0].text);
    } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'URL' && n.arguments?.[0] && ts.isStringLiteralLike(n.arguments[0])) {
      checkSpecifier(n, n.arguments[0].text);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      checkSpecifier(n, n.moduleReference.expression.text);
    }
    if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      if (SQL.test(n.text)) at(n, `holds SQL: ${JSON.stringify(n.text.slice(0, 60))}`);
    }
    // db.prepare(...), db.pragma(...), db.exec('...'): a RegExp's exec takes no string literal, a database's does.
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && DB_CALLS.has(n.expression.name.text)) {
      const name = n.expression.name.text;
      const arg = n.arguments[0];
      if (name !== 'exec' || (arg !== undefined && (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg)))) at(n, `calls .${name}() of a database`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('main/logs keeps to its layer', () => {
  test('the checker finds each kind of breach in a made-up file', () => {
    const file = join(LOGS, 'import/made-up.ts');
    const found = violations(file, [
      "import { ApiError } from '../../api/errors.ts';",
      "export { Csms } from '../../csms/csms.ts';",
      "import Database from 'better-sqlite3';",
      "const later = () => import('../../api/http-adapter.ts');",
      "const q = `SELECT seq FROM frames WHERE session_id = ${1}`;",
      "db.prepare('x'); db.pragma('user_version'); db.exec(`ATTACH 'a' AS b`);",
      "const ok = /x/.exec(text); import type { Store } from '../../store/store.ts'; import type { ImportFormat } from '../../../shared/api/types.ts';",
      "// A comment that says SELECT * FROM frames is no SQL run.",
    ].join('\n'));
    expect(found.map((v) => `${v.line}: ${v.what.split(' (')[0]!.split(':')[0]}`)).toEqual([
      '1: imports main/api/errors.ts', '2: imports main/csms/csms.ts', '3: imports better-sqlite3', '4: imports main/api/http-adapter.ts', '5: holds SQL',
      '6: calls .prepare() of a database', '6: calls .pragma() of a database', '6: calls .exec() of a database', '6: holds SQL',
    ]);
  });

  test('no file of main/logs imports main/api or main/csms, or holds SQL', () => {
    const files = tsFiles(LOGS);
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.includes('/import/')) && files.some((f) => f.includes('/export/'))).toBe(true);
    expect(files.flatMap((f) => violations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
