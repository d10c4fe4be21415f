/**
 * Finds where an OCPP-J array ends, bracket by bracket with strings respected, across as many pieces of text as it
 * spans (a frame wrapped over lines, or pretty-printed).
 */
export class FrameScan {
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Reads `s` from `from`; the index just past the closing bracket, or -1 while the array is still open. */
  feed(s: string, from = 0): number {
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 91 || c === 123) this.depth++;
      else if (c === 93 || c === 125) {
        if (--this.depth <= 0) return i + 1;
      }
    }
    return -1;
  }

  get openString(): boolean {
    return this.inString;
  }
}

/** Where an OCPP-J array starts on a line: `[`, a message type number, a comma. */
export const FRAME_START = /\[\s*-?\d{1,3}\s*,/;

/** The array at the start of `s` up to its closing bracket, or null when it does not close on `s`. */
export function wholeFrame(s: string): string | null {
  const end = new FrameScan().feed(s);
  return end === -1 ? null : s.slice(0, end);
}
