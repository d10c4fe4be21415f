/**
 * The firmware library: images ChargeScope serves to chargers for UpdateFirmware. Add one with upload
 * progress, see name/size/sha256/time, delete. Refusals (empty, over the size limit) show the server's words.
 */
import { useRef, useState } from 'react';
import type { Firmware } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { useResource } from '../api/live.tsx';
import { CopyButton, LoadState, Notice, PageHeader } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { useSite } from '../state/site-context.tsx';
import { bytes, percent, rate } from './format.ts';
import { uploadFirmware, type UploadJob } from './upload.ts';
import './files.css';

interface Upload { name: string; loaded: number; total: number; startedAt: number; job: UploadJob }

function UploadForm({ onAdded }: { onAdded(f: Firmware): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<Firmware | null>(null);
  const { settings } = useSite();

  function start() {
    if (!file) return;
    const n = name.trim() || file.name;
    setError(null);
    setAdded(null);
    const startedAt = performance.now();
    const job = uploadFirmware(n, file, (p) => setUpload((u) => (u ? { ...u, loaded: p.loaded, total: p.total } : u)));
    setUpload({ name: n, loaded: 0, total: file.size, startedAt, job });
    job.done.then(
      (f) => {
        setUpload(null);
        setAdded(f);
        setFile(null);
        setName('');
        if (input.current) input.current.value = '';
        onAdded(f);
      },
      (err: unknown) => {
        setUpload(null);
        setError(describeFailure(err));
      },
    );
  }

  const pct = upload ? percent(upload.loaded, upload.total) ?? 0 : 0;
  const elapsed = upload ? (performance.now() - upload.startedAt) / 1000 : 0;
  return (
    <form className="panel fx-form" aria-label="add a firmware image" onSubmit={(e) => { e.preventDefault(); start(); }} data-testid="firmware-upload">
      <h2>Add a firmware image</h2>
      <div className="row">
        <label>file<input ref={input} type="file" aria-label="firmware file" onChange={(e) => { const f = e.target.files?.[0] ?? null; setFile(f); setName(f?.name ?? ''); }} disabled={upload !== null} /></label>
        <label className="fx-grow">name given to chargers<input value={name} onChange={(e) => setName(e.target.value)} placeholder="the file's name" aria-label="firmware name" disabled={upload !== null} /></label>
        <button type="submit" className="btn btn-primary" disabled={!file || upload !== null} data-command="add-firmware">Add to library</button>
        {upload && <button type="button" className="btn" onClick={() => upload.job.abort()}>Cancel</button>}
      </div>
      {file && !upload && <p className="help-text">{file.name}: {bytes(file.size)}{settings ? ` (limit ${bytes(settings.maxFirmwareBytes)}, Settings → maxFirmwareBytes)` : ''}</p>}
      {upload && (
        <div className="fx-progress" data-testid="upload-progress">
          <div className="fx-bar fx-bar-transferring" role="progressbar" aria-label="upload" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <div className="fx-fill" style={{ width: `${pct}%` }} />
            <span className="fx-bar-text">{pct} %</span>
          </div>
          <div className="fx-figures small">
            <span>{bytes(upload.loaded)} of {bytes(upload.total)}</span>
            <span>{rate(elapsed > 0.2 ? upload.loaded / elapsed : null)}</span>
            {pct >= 100 && <span className="muted">the server is checking and storing it (sha256)…</span>}
          </div>
        </div>
      )}
      {error && <Notice>{error}</Notice>}
      {added && <Notice kind="info">Added <span className="mono">{added.name}</span> ({bytes(added.size)}, sha256 <span className="mono">{added.sha256.slice(0, 16)}…</span>). Push it from a charger’s Files tab.</Notice>}
    </form>
  );
}

export function FirmwareView() {
  const res = useResource('GET /api/firmware', {});
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const list = res.data ?? [];

  async function remove(id: string) {
    setConfirm(null);
    try {
      await call('DELETE /api/firmware/:id', { params: { id } });
      setError(null);
      res.reload();
    } catch (err) {
      setError(describeFailure(err));
    }
  }

  return (
    <div className="page" data-testid="firmware-view">
      <PageHeader title="Firmware" sub="Images ChargeScope serves to chargers for UpdateFirmware, over HTTP on the OCPP port and over its FTP server. Push one from a charger’s Files tab." />
      <UploadForm onAdded={() => res.reload()} />
      {error && <Notice>{error}</Notice>}
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText="No firmware yet. Add the image the charger’s vendor gave you." />
      {list.length > 0 && (
        <table className="table" data-testid="firmware-table">
          <thead><tr><th>name</th><th className="num">size</th><th>sha256</th><th>added (UTC)</th><th>check</th><th /></tr></thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id} data-firmware={f.name}>
                <td className="mono">{f.name}</td>
                <td className="num mono" title={`${f.size} bytes`}>{bytes(f.size)}</td>
                <td className="mono small fx-sha"><span title={f.sha256}>{f.sha256.slice(0, 16)}…{f.sha256.slice(-8)}</span> <CopyButton text={f.sha256} /></td>
                <td className="mono small">{dateTime(f.addedAt)}</td>
                <td className="small">{f.warning ? <span className="warn-text" data-testid="firmware-warning">⚠ {f.warning}</span> : <span className="muted">looks like a binary image</span>}</td>
                <td className="actions">
                  {confirm === f.id ? (
                    <>
                      <span className="small warn-text">Delete? Open transfers of it fail.</span>
                      <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(f.id)}>Delete</button>
                      <button type="button" className="btn btn-small" onClick={() => setConfirm(null)}>Keep</button>
                    </>
                  ) : (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirm(f.id)}>Delete…</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
