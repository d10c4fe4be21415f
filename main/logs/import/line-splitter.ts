import { StringDecoder } from 'node:string_decoder';
import { LIMITS } from './formats/types.ts';

/** A line longer than this (characters) ends the import with a 400 that says so: no frame is that long. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** The message of that refusal starts so (import-lines.ts turns it into a 400 across the worker boundary). */
export const LINE_TOO_LONG = 'line too long:';

/**
 * Splits a byte stream into lines exactly as `readline.createInterface({ input, crlfDelay: Infinity })` does, so that
 * line numbers do not change with the reader: UTF-8 decoded by a StringDecoder, lines end at \r\n, \n or a lone \r
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

  private writeText(chunk: Uint8Array): void {
    let s = this.decoder.write(chunk as Buffer);
    if (this.sawReturn) {
      if (s.charCodeAt(0) === 10) s = s.slice(1);
      this.sawReturn = false;
    }
    let cr = s.indexOf('\r');
    let nl = s.indexOf('\n');
    if (cr === -1 && nl === -1) {
      this.restSeen += s.length;
      if (this.rest.length < this.cutChars) this.rest += s.length > this.cutChars ? s.slice(0, this.cutChars) : s;
      return;
    }
    const firstEnd = Math.min(cr === -1 ? s.length : cr, nl === -1 ? s.length : nl);
    if (this.restSeen + firstEnd > this.refuseChars) {
      this.restSeen += firstEnd; // write() refuses the import
      return;
    }
    const text = this.rest + s;
    const shift = this.rest.length;
    this.rest = '';
    if (cr !== -1) cr += shift;
    if (nl !== -1) nl += shift;
    let start = 0;
    for (;;) {
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        this.emit(text.slice(start, cr));
        if (text.charCodeAt(cr + 1) === 10) {
          start = cr + 2;
          nl = text.indexOf('\n', start);
        } else {
          start = cr + 1;
        }
        cr = text.indexOf('\r', start);
      } else if (nl !== -1) {
        this.emit(text.slice(start, nl));
        start = nl + 1;
        nl = text.indexOf('\n', start);
      } else {
        break;
      }
    }
    this.rest = text.slice(start);
    this.restSeen = this.rest.length;
    this.sawReturn = text.charCodeAt(text.length - 1) === 13;
  }

  /** The last line, when it did not end with a line break. */
  end(): void {
    if (this.rest.length > 0) this.emit(this.rest);
    this.rest = '';
    this.restSeen = 0;
  }
}
