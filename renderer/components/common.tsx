import { useState, type ReactNode } from 'react';

/** Copies text to the clipboard; falls back to a selection for pages that are not a secure context. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<'ok' | 'fail' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('ok');
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      setDone(ok ? 'ok' : 'fail');
    }
    window.setTimeout(() => setDone(null), 1500);
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} title={`copy ${text}`}>
      {done === 'ok' ? 'Copied' : done === 'fail' ? 'Select and copy by hand' : label}
    </button>
  );
}

export function Notice({ kind = 'error', children }: { kind?: 'error' | 'warn' | 'info'; children: ReactNode }) {
  return <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

/** A view's loading / error line, shown above its content. */
export function LoadState({ loading, error, empty, emptyText }: { loading: boolean; error: string | null; empty?: boolean; emptyText?: ReactNode }) {
  if (error) return <Notice>{error}</Notice>;
  if (loading && empty) return <p className="muted">Loading…</p>;
  if (empty && emptyText) return <p className="empty">{emptyText}</p>;
  return null;
}

export function PageHeader({ title, sub, children }: { title: ReactNode; sub?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {sub && <p className="page-sub">{sub}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}
