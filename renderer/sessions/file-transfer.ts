/**
 * Export downloads and import uploads. The token is a header, so a plain link cannot download: the export is
 * fetched (counting bytes as they come), made a Blob and handed to the browser through an object URL. The import
 * sends the File itself through XMLHttpRequest, which reports upload progress and streams the file from disk.
 * URLs come from the API client's routeUrl (the only place that builds them).
 */
import type { ExportFormat, ImportResult } from '../../shared/api/types.ts';
import { ApiFailure, routeUrl, UNREACHABLE } from '../api/client.ts';
import { getToken } from '../api/token.ts';

export interface Running<T> {
  done: Promise<T>;
  abort(): void;
}

/** The file name of a Content-Disposition header (RFC 6266: `filename*` first). */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** A short id for a job, in the server's alphabet (A-Z a-z 0-9 _ -). */
export function newJobId(kind: 'export' | 'import'): string {
  const r = new Uint32Array(2);
  crypto.getRandomValues(r);
  return `${kind}-${r[0]!.toString(36)}${r[1]!.toString(36)}`;
}

async function failure(res: Response, what: string): Promise<ApiFailure> {
  let body: { error?: string; code?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch (err) {
    console.warn(`ChargeScope: ${what} answered HTTP ${res.status} without a JSON body`, err);
  }
  return new ApiFailure(res.status, body.code ?? 'HTTP', body.error ?? `${what} failed with HTTP ${res.status}`);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.dataset['testid'] = 'export-download';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ExportRequest {
  sessionId: number;
  format: ExportFormat;
  anonymize: boolean;
  jobId: string;
}

/**
 * Downloads one export; `onBytes` gets the bytes received so far and the file's size when the server says it
 * (chargescope files; the text formats are streamed as they are written). Resolves with the saved file's name and size.
 */
export function downloadExport(req: ExportRequest, onBytes: (bytes: number, total: number | null) => void): Running<{ fileName: string; bytes: number }> {
  const controller = new AbortController();
  const { method, url } = routeUrl('GET /api/sessions/:id/export', {
    params: { id: String(req.sessionId) }, query: { format: req.format, anonymize: req.anonymize ? 1 : 0, job: req.jobId },
  });
  const done = (async () => {
    const headers: Record<string, string> = {};
    const token = getToken();
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, signal: controller.signal, cache: 'no-store' });
    } catch (err) {
      if (controller.signal.aborted) throw new ApiFailure(UNREACHABLE, 'ABORTED', 'export cancelled', [], { cause: err });
      throw new ApiFailure(UNREACHABLE, 'UNREACHABLE', 'ChargeScope does not answer: check that it is still running, then try again', [], { cause: err });
    }
    if (!res.ok) throw await failure(res, 'the export');
    const fileName = dispositionName(res.headers.get('content-disposition'), `session-${req.sessionId}`);
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    const chunks: BlobPart[] = [];
    let bytes = 0;
    const reader = res.body?.getReader();
    if (reader) {
      try {
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          chunks.push(value as BlobPart);
          bytes += value.byteLength;
          onBytes(bytes, total);
        }
      } catch (err) {
        if (controller.signal.aborted) throw new ApiFailure(UNREACHABLE, 'ABORTED', 'export cancelled', [], { cause: err });
        throw new ApiFailure(UNREACHABLE, 'BROKEN', 'the export broke off before the end: nothing was saved; try again', [], { cause: err });
      }
    }
    saveBlob(new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }), fileName);
    return { fileName, bytes };
  })();
  return { done, abort: () => controller.abort() };
}

/** Uploads a file to POST /api/sessions/import; `onUpload` gets the bytes sent so far; `times`: the zone (and date) to read it in. */
export function uploadImport(file: File, jobId: string, onUpload: (loaded: number, total: number) => void, times: { tz?: string } = {}): Running<ImportResult> {
  const { method, url } = routeUrl('POST /api/sessions/import', { query: { name: file.name, job: jobId, ...times } });
  const xhr = new XMLHttpRequest();
  const done = new Promise<ImportResult>((resolve, reject) => {
    xhr.open(method, url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onUpload(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiFailure(UNREACHABLE, 'UNREACHABLE', 'the upload broke off: check that ChargeScope is still running, then try again'));
    xhr.onabort = () => reject(new ApiFailure(UNREACHABLE, 'ABORTED', 'import cancelled: nothing of it was kept'));
    xhr.onload = () => {
      let body: { error?: string; code?: string } & Partial<ImportResult> = {};
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch (err) {
        reject(new ApiFailure(xhr.status, 'BAD_RESPONSE', `the server answered something that is not JSON (HTTP ${xhr.status})`, [], { cause: err }));
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportResult);
      else reject(new ApiFailure(xhr.status, body.code ?? 'HTTP', body.error ?? `the import failed with HTTP ${xhr.status}`));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
