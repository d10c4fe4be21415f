import { StringDecoder } from 'node:string_decoder';
import { LIMITS } from './formats/types.ts';

/**
 * Splits a byte stream into lines exactly as `readline.createInterface({ input, crlfDelay: Infinity })` does, so that
 * line numbers do not change with the reader: UTF-8 decoded by a StringDecoder, lines end at \r\n, \n or a lone \r
 * (a \r\n split across two chunks is one end), the last line counts only when it is not empty, and bytes of an
 * unfinished character at the very end are dropped. A line longer than `maxChars` (a hostile file without line breaks)
 * is cut there: memory stays bounded by it, not by the file.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private sawReturn = false;

  constructor(private readonly onLine: (line: string) => void, private readonly maxChars: number = LIMITS.lineChars) {}

  private emit(line: string): void {
    this.onLine(line.length > this.maxChars ? line.slice(0, this.maxChars) : line);
  }

  write(chunk: Uint8Array): void {
    let s = this.decoder.write(chunk as Buffer);
    if (this.sawReturn) {
      if (s.charCodeAt(0) === 10) s = s.slice(1);
      this.sawReturn = false;
    }
    let cr = s.indexOf('\r');
    let nl = s.indexOf('\n');
    if (cr === -1 && nl === -1) {
      if (this.rest.length < this.maxChars) this.rest += s.length > this.maxChars ? s.slice(0, this.maxChars) : s;
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
    this.sawReturn = text.charCodeAt(text.length - 1) === 13;
  }

  /** The last line, when it did not end with a line break. */
  end(): void {
    if (this.rest.length > 0) this.emit(this.rest);
    this.rest = '';
  }
}
