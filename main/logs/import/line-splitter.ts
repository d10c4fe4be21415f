import { StringDecoder } from 'node:string_decoder';
import { LIMITS } from './formats/types.ts';

/** A line longer than this (characters) ends the import with a 400 that says so: no frame is that long. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** The message of that refusal starts so (import-lines.ts turns it into a 400 across the worker boundary). */
export const LINE_TOO_LONG = 'line too long:';

/**
 * Splits a byte stream into lines exactly as `readline.createInterface({ input, crlfDelay: Infinity })` does, so that
 * line numbers do not change with the reader: UTF-8 decoded as a StringDecoder does, lines end at \r\n, \n or a lone \r
 * (a \r\n split across two chunks is one end), the last line counts only when it is not empty, and bytes of an
 * unfinished character at the very end are dropped. Two bounds, so memory follows them and never the file: a line
 * longer than `cutChars` is handed on cut there (a frame with a huge vendor string still shows, marked by the reader);
 * a line longer than `refuseChars` ends the import with an error starting `LINE_TOO_LONG` (not a log of frames).
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  /** Characters of the unfinished line seen so far, including those dropped past `cutChars`. */
  private restSeen = 0;
  private sawReturn = false;
  private count = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly cutChars: number = LIMITS.lineChars,
    private readonly refuseChars: number = MAX_LINE_CHARS,
  ) {}

  private emit(line: string): void {
    this.count++;
    this.onLine(line.length > this.cutChars ? line.slice(0, this.cutChars) : line);
  }

  write(chunk: Uint8Array): void {
    this.writeText(chunk);
    if (this.restSeen > this.refuseChars) {
      throw new Error(`${LINE_TOO_LONG} line ${this.count + 1} is longer than ${this.refuseChars} characters; an OCPP-J frame with its time fits in far less, so this is not a log of frames (or its line breaks are missing)`);
    }
  }

  /**
   * Line ends are found in the bytes (\n and \r never occur inside a UTF-8 character) and each whole line of the
   * chunk is decoded on its own: decoding the chunk into one string first cost ~4 µs a line (a megabyte-long string
   * per chunk, allocated outside the young generation, then sliced). Decoding stops at every line end either way, so
   * the text is the same. Only the bytes around the chunk's edges go through the StringDecoder, which completes a
   * character split between chunks: up to the first line end (the end included, so that an unfinished character
   * before it ends there as it did), and the unfinished line after the last.
   */
  private writeText(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const len = bytes.length;
    let pos = 0;
    if (this.sawReturn) {
      if (bytes[0] === 10) pos = 1;
      this.sawReturn = false;
    }
    let cr = bytes.indexOf(13, pos);
    let nl = bytes.indexOf(10, pos);
    if (cr === -1 && nl === -1) {
      const s = this.decoder.write(pos === 0 ? bytes : bytes.subarray(pos));
      this.restSeen += s.length;
      if (this.rest.length < this.cutChars) this.rest += s.length > this.cutChars ? s.slice(0, this.cutChars) : s;
      return;
    }
    const firstEnd = cr !== -1 && (nl === -1 || cr < nl) ? cr : nl;
    // The first line's bytes and its end, less the end: what the decoder held before completes (or ends) here.
    const first = this.decoder.write(bytes.subarray(pos, firstEnd + 1)).slice(0, -1);
    if (this.restSeen + first.length > this.refuseChars) {
      this.restSeen += first.length; // write() refuses the import
      return;
    }
    const head = this.rest;
    this.rest = '';
    let start = pos;
    let lineStart = true;
    for (;;) {
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        this.emit(lineStart ? head + first : bytes.toString('utf8', start, cr));
        if (bytes[cr + 1] === 10) {
          start = cr + 2;
          nl = bytes.indexOf(10, start);
        } else {
          start = cr + 1;
        }
        cr = bytes.indexOf(13, start);
      } else if (nl !== -1) {
        this.emit(lineStart ? head + first : bytes.toString('utf8', start, nl));
        start = nl + 1;
        nl = bytes.indexOf(10, start);
      } else {
        break;
      }
      lineStart = false;
    }
    this.rest = start < len ? this.decoder.write(bytes.subarray(start)) : '';
    this.restSeen = this.rest.length;
    this.sawReturn = bytes[len - 1] === 13;
  }

  /** The last line, when it did not end with a line break. */
  end(): void {
    if (this.rest.length > 0) this.emit(this.rest);
    this.rest = '';
    this.restSeen = 0;
  }
}
