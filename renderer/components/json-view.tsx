/**
 * Pretty JSON with the schema issues highlighted on the lines they point at (JSON pointer paths from the
 * server's validator). Only the selected trace row is rendered this way.
 */
import type { SchemaIssue } from '../../shared/api/types.ts';

interface Line {
  text: string;
  path: string;
}

function lines(value: unknown, path: string, indent: string, prefix: string, comma: string, out: Line[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push({ text: `${indent}${prefix}[]${comma}`, path });
      return;
    }
    out.push({ text: `${indent}${prefix}[`, path });
    value.forEach((v, i) => lines(v, `${path}/${i}`, `${indent}  `, '', i < value.length - 1 ? ',' : '', out));
    out.push({ text: `${indent}]${comma}`, path });
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      out.push({ text: `${indent}${prefix}{}${comma}`, path });
      return;
    }
    out.push({ text: `${indent}${prefix}{`, path });
    entries.forEach(([k, v], i) => {
      const escaped = k.replace(/~/g, '~0').replace(/\//g, '~1');
      lines(v, `${path}/${escaped}`, `${indent}  `, `${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : '', out);
    });
    out.push({ text: `${indent}}${comma}`, path });
    return;
  }
  out.push({ text: `${indent}${prefix}${JSON.stringify(value)}${comma}`, path });
}

const normal = (p: string) => (p === '/' ? '' : p);

export function JsonView({ value, issues = [] }: { value: unknown; issues?: SchemaIssue[] }) {
  const out: Line[] = [];
  lines(value, '', '', '', '', out);
  const byPath = new Map<string, SchemaIssue[]>();
  for (const i of issues) {
    const p = normal(i.path);
    byPath.set(p, [...(byPath.get(p) ?? []), i]);
  }
  const shown = new Set<string>();
  return (
    <pre className="json" data-testid="json-view">
      {out.map((l, n) => {
        const hits = byPath.get(l.path);
        const first = hits && !shown.has(l.path);
        if (first) shown.add(l.path);
        return (
          <div key={n} className={hits ? 'json-line json-issue' : 'json-line'}>
            {l.text}
            {first && (
              <span className="json-issue-note" title={hits.map((h) => `${h.keyword}: ${h.message}`).join('\n')}>
                {'↑ '}{hits.map((h) => `${h.keyword}: ${h.message}`).join('; ')}
              </span>
            )}
          </div>
        );
      })}
    </pre>
  );
}

export function IssueList({ issues }: { issues: SchemaIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="issues">
      {issues.map((i, n) => (
        <li key={n}>
          <code>{i.path || '/'}</code> <span className="issue-keyword">{i.keyword}</span> {i.message}
        </li>
      ))}
    </ul>
  );
}
