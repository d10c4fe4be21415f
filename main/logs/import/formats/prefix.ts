import type { Direction } from '../../../../shared/api/types.ts';

/**
 * What a line says before its frame: the direction and the charger, in the shapes common logs use.
 */

export interface DirectionWord { direction: Direction; relative: boolean }

/** Words that name the direction whoever wrote the log. */
const ABSOLUTE: Record<string, Direction> = {
  'cp-to-csms': 'in', 'csms-to-cp': 'out', 'cp->csms': 'in', 'csms->cp': 'out', fromchargepoint: 'in', tochargepoint: 'out',
  fromcp: 'in', tocp: 'out', 'from-cp': 'in', 'to-cp': 'out', upstream: 'in', downstream: 'out',
  // A proxy between a charger (its client) and the CSMS (its target).
  'client->target': 'in', 'target->client': 'out', 'charger->csms': 'in', 'csms->charger': 'out',
};
/** Words as the CSMS's log means them; in a charger's log they mean the opposite (line-replay decides whose log). */
const RELATIVE: Record<string, Direction> = {
  in: 'in', received: 'in', receive: 'in', receiving: 'in', recv: 'in', rx: 'in', incoming: 'in', inbound: 'in', '<<': 'in', '<-': 'in', '<': 'in',
  // arduinoWebSockets (chargers on ESP32): sendTXT and the WStype_TEXT event.
  sendtxt: 'out', wstypetext: 'in',
  out: 'out', sending: 'out', sent: 'out', send: 'out', tx: 'out', outgoing: 'out', outbound: 'out', '>>': 'out', '->': 'out', '>': 'out',
};
const WORDS = /[a-z]+\s*->\s*[a-z]+|<<|<-|>>|->|(?<![\w=<>-])[<>](?![\w=<>-])|[A-Za-z][A-Za-z_]*(?:-to-[A-Za-z]+)?/gi;

/** The last direction word of `text` (the one nearest the frame), or null. */
export function directionIn(text: string): DirectionWord | null {
  let found: DirectionWord | null = null;
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(text); m; m = WORDS.exec(text)) {
    const d = directionOf(m[0]);
    if (d) found = d;
  }
  return found;
}

export function directionOf(word: string): DirectionWord | null {
  const w = word.toLowerCase().replace(/[\s_]/g, '');
  const a = ABSOLUTE[w];
  if (a) return { direction: a, relative: false };
  const r = RELATIVE[w];
  return r ? { direction: r, relative: true } : null;
}

const ID = String.raw`([A-Za-z0-9][\w.\-]{0,63}?)`;
const VERB = String.raw`(?:send|sending|sent|receive|received|receiving|recv|rx|tx)`;
/** Words that follow a verb but are not a charger (`send message: [...]`). */
const NOT_AN_ID = new Set(['message', 'msg', 'messages', 'frame', 'data', 'text', 'to', 'from', 'request', 'response', 'call', 'result', 'error', 'json', 'payload', 'ocpp', 'websocket', 'ws']);
const SHAPES: RegExp[] = [
  // SteVe and many Java back-ends: chargeBoxId=..., and the like with = or :.
  /\b(?:chargeBoxId|chargePointId|chargerId|charge_point_id|chargepoint|identity|cpId|stationId|station_id|cp_id)"?\s*[=:]\s*"?([^\s,\]"'}()]{1,64})/i,
  // Python ocpp: `INFO:ocpp:CP_1: send [...]`, `CP_1: receive message [...]`.
  new RegExp(String.raw`(?:^|[\s:\[(])${ID}\s*:\s*${VERB}\b`, 'i'),
  // evcc: `recv CP01: [...]`, `send CP01: [...]`.
  new RegExp(String.raw`\b${VERB}\s+${ID}\s*:(?:\s|$)`, 'i'),
];
/** Connection lines name the charger by the path it connected to: `path: /CP01`, `ws://host/ocpp/CP01`. */
const PATH = /(?:\bpath\s*[=:]\s*|wss?:\/\/[^\s/]+)(?:\/[\w.~%-]+)*\/([A-Za-z0-9][\w.~%-]{0,63})(?=["'\s,;)\]]|$)/i;

/** The charger a line's prefix names, or null. */
export function chargerIn(text: string): string | null {
  for (const re of SHAPES) {
    const m = re.exec(text);
    if (m && !NOT_AN_ID.has(m[1]!.toLowerCase()) && !/^\d{1,2}$/.test(m[1]!)) return clean(m[1]!);
  }
  return null;
}

/** The charger a connection line names by its path, or null. */
export function chargerInPath(text: string): string | null {
  const m = PATH.exec(text);
  if (!m) return null;
  let id = m[1]!;
  try {
    id = decodeURIComponent(id);
  } catch {
    // A malformed %-escape: the id as written.
  }
  return NOT_AN_ID.has(id.toLowerCase()) ? null : clean(id);
}

function clean(id: string): string {
  return id.replace(/[.:]+$/, '').slice(0, 64);
}

/** Stems that name a log, not a charger. */
const GENERIC = /^(?:log|logs|trace|traces|ocpp|ocpp16|ocppj|debug|messages?|export|upload|session|output|console|csms|server|client|charger|cp|steve|evcc|proxy|main|app|system|syslog|\d+)$/i;

/**
 * A charger named by the file's name when no line names one: `CP-0042.log`, `ocpp-KEBA_P30_17.txt`. Only a stem that
 * looks like an id (letters and a digit, no spaces) counts; `steve.log` or `upload` name no charger.
 */
export function chargerFromFileName(fileName: string): string | null {
  let stem = fileName.replace(/^.*[\\/]/, '');
  for (let i = 0; i < 3; i++) stem = stem.replace(/\.(?:log|txt|jsonl?|ndjson|gz|out|csv|trace)$/i, '');
  stem = stem.replace(/^(?:ocpp|log|trace|charger|cp)[-_ ]+(?=\w)/i, '');
  stem = stem.replace(/[-_ ]+(?:\d{4}-?\d{2}-?\d{2}(?:[T_-]?\d{4,6})?|log|trace|ocpp)$/i, '');
  if (!/^[A-Za-z0-9][\w.-]{1,47}$/.test(stem) || GENERIC.test(stem) || !/\d/.test(stem) || !/[A-Za-z]/.test(stem)) return null;
  return stem;
}
