import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { Firmware } from '../../shared/api/types.ts';
import { FileError, isFileError } from './errors.ts';
import type { FirmwareLibrary } from './firmware-library.ts';
import { parseHeaderParams } from './header-params.ts';
import { MultipartError, MultipartFileExtractor, multipartBoundary } from './multipart.ts';
import { decodeSegments, safeUploadName } from './names.ts';
import { parseRange } from './range.ts';
import type { TransferRecord } from './transfer-store.ts';
import type { TransferRegistry, UploadHandle } from './transfers.ts';
import type { UploadOutcome } from './upload-sink.ts';

export interface HttpFilesOptions {
  registry: TransferRegistry;
  firmware: FirmwareLibrary;
  clock: () => Date;
  onError: (err: Error, context: string) => void;
}

/** Bytes of an unwanted request body we read and drop so that the refusal reaches the client intact. */
const DRAIN_LIMIT = 1024 * 1024;
const READ_CHUNK = 256 * 1024;

type Reply = { status: number; text: string; headers?: Record<string, string> };

const NOT_FOUND: Reply = { status: 404, text: 'Not found' };
const GONE: Reply = { status: 410, text: 'This transfer has expired' };
const BAD_PATH: Reply = { status: 400, text: 'Bad path' };

/**
 * The charger-facing HTTP side of file transfers, under `/files/` on the OCPP port:
 * `GET|HEAD /files/fw/<secret>/<name>` serves a firmware image (Range, streaming, progress);
 * `PUT /files/diag/<secret>/<fileName>` and `POST /files/diag/<secret>/` (raw or multipart) receive a
 * diagnostics upload. Returns a handler that answers false for URLs outside `/files/`.
 */
export function createHttpFiles(opts: HttpFilesOptions) {
  const { registry } = opts;

  const send = (res: ServerResponse, reply: Reply) => {
    if (res.headersSent || res.destroyed) return;
    const body = `${reply.text}\n`;
    res.writeHead(reply.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      ...reply.headers,
    });
    res.end(body);
  };

  /** Answers a request whose body we will not store: drain a little of it first so the answer is read. */
  const refuse = (req: IncomingMessage, res: ServerResponse, reply: Reply) => {
    if (req.complete || req.method === 'GET' || req.method === 'HEAD') return send(res, reply);
    const withClose = { ...reply, headers: { ...reply.headers, Connection: 'close' } };
    let drained = 0;
    const done = () => {
      req.off('data', onData);
      send(res, withClose);
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT) {
        req.pause();
        done();
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.resume();
  };

  const defaultUploadName = (contentType: string | undefined): string => {
    const type = contentType ? parseHeaderParams(contentType).type : '';
    const ext =
      type.includes('zip') && !type.includes('gzip') ? 'zip'
      : type.includes('gzip') ? 'gz'
      : type.includes('tar') ? 'tar'
      : type === 'text/plain' ? 'txt'
      : type.includes('json') ? 'json'
      : 'bin';
    const stamp = opts.clock().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return `diagnostics-${stamp}.${ext}`;
  };

  const serveFirmware = async (req: IncomingMessage, res: ServerResponse, secret: string, name: string) => {
    const access = registry.lookup('http', secret);
    if (!access || access.record.kind !== 'firmware') return send(res, NOT_FOUND);
    if (!access.ok) return send(res, GONE);
    const record = access.record;
    const fw = record.firmwareId === null ? null : opts.firmware.get(record.firmwareId);
    const path = fw ? opts.firmware.pathOf(fw.id) : null;
    if (!fw || !path || (name !== fw.name && name.replace(/\+/g, ' ') !== fw.name)) return send(res, NOT_FOUND);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(req, res, { status: 405, text: 'Method not allowed', headers: { Allow: 'GET, HEAD' } });
    }
    let fh;
    try {
      fh = await open(path, 'r');
    } catch {
      return send(res, NOT_FOUND); // the image was deleted since the lookup
    }
    try {
      await serveOpenFile(req, res, record, fw, fh);
    } catch (err) {
      await fh.close();
      throw err;
    }
  };

  const serveOpenFile = async (req: IncomingMessage, res: ServerResponse, record: TransferRecord, fw: Firmware, fh: FileHandle) => {
    const size = (await fh.stat()).size;
    const etag = `"${fw.sha256}"`;
    const ifRange = req.headers['if-range'];
    const range = ifRange !== undefined && ifRange !== etag ? ({ kind: 'full' } as const) : parseRange(req.headers.range, size);
    const common = {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fw.name)}`,
    };
    if (range.kind === 'unsatisfiable') {
      await fh.close();
      return send(res, { status: 416, text: 'Range not satisfiable', headers: { 'Content-Range': `bytes */${size}` } });
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    const length = size === 0 ? 0 : end - start + 1;
    res.writeHead(range.kind === 'partial' ? 206 : 200, {
      ...common,
      'Content-Length': length,
      ...(range.kind === 'partial' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || length === 0) {
      await fh.close();
      res.end();
      return;
    }
    const tracker = registry.beginDownload(record.id, start, size);
    const stream = fh.createReadStream({ start, end, highWaterMark: READ_CHUNK });
    stream.on('data', (chunk: Buffer | string) => tracker.served(chunk.length));
    pipeline(stream, res, () => tracker.end()); // a peer that leaves early is the charger's to report
  };

  const replyForOutcome = (o: UploadOutcome, created: boolean): Reply | null => {
    if (o.ok) return { status: created ? 201 : 200, text: `Stored ${o.fileName} (${o.size} bytes)` };
    return replyForError(o.error);
  };

  const replyForError = (err: unknown): Reply | null => {
    if (err instanceof MultipartError) return { status: 400, text: err.message };
    if (!(err instanceof FileError)) throw err;
    switch (err.code) {
      case 'QUOTA': return { status: 413, text: err.message };
      case 'BUSY': return { status: 409, text: err.message };
      case 'ABORTED': return null; // nobody is listening any more
      case 'BAD_NAME': return { status: 400, text: err.message };
      default:
        opts.onError(err, 'diagnostics upload');
        return { status: 500, text: 'The upload could not be stored' };
    }
  };

  /** Feeds the request body into `into`; a request that breaks off destroys it. */
  const feed = (req: IncomingMessage, into: NodeJS.WritableStream & { destroy(err?: Error): unknown }) => {
    const broke = () => {
      if (!req.complete) into.destroy(new FileError('ABORTED', 'the charger broke the connection during the upload'));
    };
    req.once('aborted', broke);
    req.once('error', broke);
    req.once('close', broke);
    req.pipe(into);
  };

  const receiveRaw = async (req: IncomingMessage, record: TransferRecord, fileName: string): Promise<Reply | null> => {
    const lengthHeader = req.headers['content-length'];
    const announced = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
    const handle = registry.beginUpload(record.id, fileName, announced);
    handle.sink.once('error', () => req.unpipe(handle.sink));
    feed(req, handle.sink);
    return replyForOutcome(await handle.done, req.method === 'PUT');
  };

  const receiveMultipart = (req: IncomingMessage, record: TransferRecord, boundary: string, segName: string) =>
    new Promise<Reply | null>((resolve, reject) => {
      const extractor = new MultipartFileExtractor(boundary);
      let handle: UploadHandle | null = null;
      extractor.once('file', (info: { fileName: string | null; contentType: string | null }) => {
        try {
          const fileName = safeUploadName(info.fileName ?? segName, defaultUploadName(info.contentType ?? undefined));
          handle = registry.beginUpload(record.id, fileName, null);
        } catch (err) {
          extractor.destroy(err as Error);
          return;
        }
        const h = handle;
        h.sink.once('error', () => {
          extractor.unpipe(h.sink);
          req.unpipe(extractor);
        });
        extractor.pipe(h.sink);
        h.done.then((o) => resolve(replyForOutcome(o, false)), reject);
      });
      extractor.once('error', (err: Error) => {
        req.unpipe(extractor);
        if (handle) {
          handle.sink.destroy(err instanceof MultipartError ? new FileError('ABORTED', `malformed upload: ${err.message}`) : err);
          return; // the handle's outcome answers
        }
        if (err instanceof MultipartError) registry.fail(record.id, `the charger's multipart upload was malformed: ${err.message}`);
        else if (isFileError(err, 'ABORTED')) registry.fail(record.id, err.message);
        try {
          resolve(replyForError(err));
        } catch (unexpected) {
          reject(unexpected as Error);
        }
      });
      feed(req, extractor);
    });

  const receiveDiagnostics = async (req: IncomingMessage, res: ServerResponse, secret: string, segName: string, query: URLSearchParams) => {
    const access = registry.lookup('http', secret);
    if (!access || access.record.kind !== 'diagnostics') return refuse(req, res, NOT_FOUND);
    if (!access.ok) return refuse(req, res, GONE);
    if (req.method !== 'PUT' && req.method !== 'POST') {
      return refuse(req, res, { status: 405, text: 'Method not allowed', headers: { Allow: 'PUT, POST' } });
    }
    let reply: Reply | null;
    try {
      const boundary = req.method === 'POST' ? multipartBoundary(req.headers['content-type']) : null;
      if (boundary !== null) {
        reply = await receiveMultipart(req, access.record, boundary, segName);
      } else {
        const disposition = req.headers['content-disposition'];
        const fromHeader = disposition ? parseHeaderParams(disposition).params.get('filename') : undefined;
        const given = segName || fromHeader || query.get('filename') || query.get('name') || query.get('file');
        reply = await receiveRaw(req, access.record, safeUploadName(given, defaultUploadName(req.headers['content-type'])));
      }
    } catch (err) {
      reply = replyForError(err);
    }
    if (reply === null) res.destroy();
    else if (reply.status >= 400) refuse(req, res, reply);
    else send(res, reply);
  };

  const route = async (req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams) => {
    const segs = decodeSegments(pathname);
    if (segs === null) return refuse(req, res, BAD_PATH);
    const [, , area, secret, name, ...rest] = segs;
    if (rest.length > 0 || !secret) return refuse(req, res, NOT_FOUND);
    if (area === 'fw' && name) return serveFirmware(req, res, secret, name);
    if (area === 'diag') return receiveDiagnostics(req, res, secret, name ?? '', query);
    return refuse(req, res, NOT_FOUND);
  };

  /** Handles a request under `/files/`; returns false (and touches nothing) for any other URL. */
  return function handleHttp(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    if (pathname !== '/files' && !pathname.startsWith('/files/')) return false;
    route(req, res, pathname, new URLSearchParams(q === -1 ? '' : url.slice(q + 1))).catch((err: unknown) => {
      opts.onError(err as Error, `${req.method} ${pathname.replace(/^(\/files\/[^/]+\/)[^/]+/, '$1<secret>')}`);
      if (!res.headersSent) refuse(req, res, { status: 500, text: 'Internal error' });
      else res.destroy();
    });
    return true;
  };
}
