/** Name, site and notes of a session: to start a new one, or to edit one that is not a recording. */
import { useState, type FormEvent } from 'react';

export interface SessionFields {
  name: string;
  site: string;
  notes: string;
}

export function SessionForm({ initial, submitLabel, busy, onSubmit, onCancel, children }: {
  initial: SessionFields;
  submitLabel: string;
  busy: boolean;
  onSubmit(fields: SessionFields): void;
  onCancel(): void;
  children?: React.ReactNode;
}) {
  const [f, setF] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (f.name.trim()) onSubmit({ name: f.name.trim(), site: f.site.trim(), notes: f.notes.trim() });
  };
  return (
    <form className="session-form" onSubmit={submit} data-testid="session-form">
      <div className="row">
        <label className="field">
          <span>name</span>
          <input className="input" required maxLength={200} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} data-field="name" />
        </label>
        <label className="field">
          <span>site</span>
          <input className="input" maxLength={200} value={f.site} placeholder="e.g. Depot Nord, bay 3" onChange={(e) => setF({ ...f, site: e.target.value })} data-field="site" />
        </label>
      </div>
      <label className="field field-wide">
        <span>notes</span>
        <textarea className="input" rows={2} maxLength={10_000} value={f.notes} onChange={(e) => setF({ ...f, notes: e.target.value })} data-field="notes" />
      </label>
      {children}
      <div className="form-send">
        <button type="submit" className="btn btn-primary" disabled={busy || !f.name.trim()} data-testid="session-submit">{submitLabel}</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
