/**
 * Adds a firmware image with upload progress. fetch() cannot report upload progress, so this one call uses
 * XMLHttpRequest; the URL still comes from the API client's routeUrl (the only place that builds URLs). The
 * browser streams the File from disk: the page never holds the image in memory.
 */
import type { Firmware } from '../../shared/api/types.ts';
import { ApiFailure, routeUrl, UNREACHABLE } from '../api/client.ts';
import { getToken } from '../api/token.ts';

export interface UploadProgress { loaded: number; total: number }

export interface UploadJob {
  done: Promise<Firmware>;
  abort(): void;
}

export function uploadFirmware(name: string, file: Blob, onProgress: (p: UploadProgress) => void): UploadJob {
  const { method, url } = routeUrl('POST /api/firmware', { query: { name } });
  const xhr = new XMLHttpRequest();
  const done = new Promise<Firmware>((resolve, reject) => {
    xhr.open(method, url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new ApiFailure(UNREACHABLE, 'UNREACHABLE', 'the upload broke off: check that ChargeScope is still running, then try again'));
    xhr.onabort = () => reject(new ApiFailure(UNREACHABLE, 'ABORTED', 'upload cancelled'));
    xhr.onload = () => {
      let body: { error?: string; code?: string } & Partial<Firmware> = {};
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch (err) {
        reject(new ApiFailure(xhr.status, 'BAD_RESPONSE', `the server answered something that is not JSON (HTTP ${xhr.status})`, [], { cause: err }));
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Firmware);
      else reject(new ApiFailure(xhr.status, body.code ?? 'HTTP', body.error ?? `adding the firmware failed with HTTP ${xhr.status}`));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
