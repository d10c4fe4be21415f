import { Transform, type TransformCallback } from 'node:stream';
import { parseHeaderParams } from './header-params.ts';

export interface FilePartInfo {
  /** The part's filename parameter, when it has one. */
  fileName: string | null;
  fieldName: string | null;
  contentType: string | null;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
const FILE_FIELD = /^(file|files|upload|diagnostics|data|logfile)$/i;

/** The `boundary` parameter of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const { type, params } = parseHeaderParams(contentType);
  if (type !== 'multipart/form-data') return null;
  const b = params.get('boundary');
  return b && b.length <= 200 ? b : null;
}

/** Whether a part is the uploaded file: it has a filename, or it is named like one, or it is not text. */
function isFilePart(info: FilePartInfo): boolean {
  if (info.fileName !== null) return true;
  if (info.fieldName !== null && FILE_FIELD.test(info.fieldName)) return true;
  return info.contentType !== null && !info.contentType.toLowerCase().startsWith('text/plain');
}

/**
 * Streams the body of the first file part of a multipart/form-data body and drops everything else.
 * Emits `file` (FilePartInfo) once, right before the first byte of that part, so a consumer can open its
 * destination and pipe from this stream. Fails with MultipartError on a malformed body, on a body without a
 * file part, or when the body ends inside the file part.
 */
export class MultipartFileExtractor extends Transform {
  private readonly delimiter: Buffer;
  private buf: Buffer = Buffer.from('\r\n'); // so that a delimiter at the very start matches like the others
  private state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'epilogue' = 'preamble';
  private inFile = false;
  private fileSeen = false;
  private fileClosed = false;

  constructor(boundary: string) {
    super({ readableHighWaterMark: 256 * 1024 });
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    try {
      this.parse();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (!this.fileSeen) return callback(new MultipartError('the multipart body holds no file part'));
    if (!this.fileClosed) return callback(new MultipartError('the multipart body ended inside the file part'));
    callback();
  }

  private parse(): void {
    for (;;) {
      switch (this.state) {
        case 'preamble': {
          const at = this.buf.indexOf(this.delimiter);
          if (at === -1) {
            this.keepTail();
            return;
          }
          this.buf = this.buf.subarray(at + this.delimiter.length);
          this.state = 'after-delimiter';
          break;
        }
        case 'after-delimiter': {
          if (this.buf.length < 2) return;
          if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
            this.state = 'epilogue';
            break;
          }
          const eol = this.buf.indexOf(CRLF);
          if (eol === -1) {
            if (this.buf.length > 256) throw new MultipartError('a multipart delimiter is not followed by a line end');
            return;
          }
          this.buf = this.buf.subarray(eol); // keep the CRLF: headers end at CRLF CRLF, an empty header block too
          this.state = 'headers';
          break;
        }
        case 'headers': {
          const end = this.buf.indexOf(HEADER_END);
          if (end === -1) {
            if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError('the headers of a multipart part are too long');
            return;
          }
          const info = parsePartHeaders(this.buf.subarray(2, end).toString('utf8'));
          this.buf = this.buf.subarray(end + HEADER_END.length);
          this.inFile = !this.fileSeen && isFilePart(info);
          if (this.inFile) {
            this.fileSeen = true;
            this.emit('file', info);
          }
          this.state = 'body';
          break;
        }
        case 'body': {
          const at = this.buf.indexOf(this.delimiter);
          if (at === -1) {
            const keep = Math.min(this.buf.length, this.delimiter.length - 1);
            if (this.inFile && this.buf.length > keep) this.push(this.buf.subarray(0, this.buf.length - keep));
            this.buf = this.buf.subarray(this.buf.length - keep);
            return;
          }
          if (this.inFile) {
            if (at > 0) this.push(this.buf.subarray(0, at));
            this.inFile = false;
            this.fileClosed = true;
          }
          this.buf = this.buf.subarray(at + this.delimiter.length);
          this.state = 'after-delimiter';
          break;
        }
        case 'epilogue':
          this.buf = Buffer.alloc(0);
          return;
      }
    }
  }

  private keepTail(): void {
    const keep = Math.min(this.buf.length, this.delimiter.length - 1);
    this.buf = Buffer.from(this.buf.subarray(this.buf.length - keep));
  }
}

function parsePartHeaders(text: string): FilePartInfo {
  let fileName: string | null = null;
  let fieldName: string | null = null;
  let contentType: string | null = null;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') {
      const { params } = parseHeaderParams(value, { backslashEscapes: false });
      fileName = params.get('filename') ?? null;
      fieldName = params.get('name') ?? null;
    } else if (name === 'content-type') {
      contentType = value;
    }
  }
  return { fileName, fieldName, contentType };
}
