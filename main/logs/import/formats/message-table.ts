import { FRAME_START } from './frame-scan.ts';
import type { LogFormat } from './types.ts';

/**
 * A message-table export (a CSMS's "messages" page saved as CSV or copied as a table): one row per message with its
 * time, action and status, but not the frames. Recognised so that the refusal says what the file is; nothing in it
 * can be replayed.
 */
const SEPARATORS = [',', ';', '\t', '|'];
const ACTION = /^(?:action|message|message ?type|operation|command|request|ocpp ?message|messagename|name)$/i;
const OTHER = /^(?:status|result|direction|time|timestamp|date|created|charge ?point|charge ?box ?id|charger|cp ?id|station|connector|unique ?id|message ?id|id|type|payload|response)$/i;

export const REFUSAL = 'this is a message table (one row per message with its action and status), not OCPP-J frames: ChargeScope replays the frames themselves ([2,"id","Action",{…}] and their answers). Export the raw OCPP-J log of the same period instead (the back-end\'s or the charger\'s websocket log).';

export const messageTable: LogFormat = {
  id: 'message-table',
  title: 'message table (not frames)',
  sniff(head) {
    const lines = head.filter((l) => l.trim() !== '');
    const header = lines[0];
    if (!header || lines.some((l) => FRAME_START.test(l))) return { score: 0 };
    for (const sep of SEPARATORS) {
      const cols = header.split(sep).map((c) => c.trim().replace(/^["']|["']$/g, ''));
      if (cols.length < 3) continue;
      if (cols.some((c) => ACTION.test(c)) && cols.filter((c) => OTHER.test(c)).length >= 1) {
        const rows = lines.slice(1, 50);
        const alike = rows.filter((r) => Math.abs(r.split(sep).length - cols.length) <= 1).length;
        if (rows.length === 0 || alike >= rows.length / 2) return { score: 0.9, refusal: REFUSAL };
      }
    }
    return { score: 0 };
  },
  read(ctx) {
    return {
      line(text, lineNo) {
        if (text.trim() !== '') ctx.emit({ kind: 'skip', line: lineNo, reason: 'a row of a message table: no OCPP-J frame', text });
      },
      end() {},
    };
  },
};
