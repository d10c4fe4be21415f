import type { CallErrorBody, Command } from '../../shared/api/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

interface CommandRow {
  id: number; session_id: number; charger_id: string; action: string; request: string; state: string; response: string | null;
  error: string | null; message_id: string | null; created_at: string; answered_at: string | null; latency_ms: number | null;
}
const toCommand = (r: CommandRow): Command => ({
  id: r.id, sessionId: r.session_id, chargerId: r.charger_id, action: r.action, request: parseJson(r.request, {}),
  state: r.state as Command['state'], response: parseJson(r.response, null), error: parseJson<CallErrorBody | null>(r.error, null),
  messageId: r.message_id, createdAt: r.created_at, answeredAt: r.answered_at, latencyMs: r.latency_ms,
});

/** The history of operator commands: what was asked, when, and what the charger answered. */
export function createCommandRepo(db: Db) {
  const insert = db.prepare<[number, string, string, string, string]>(
    "INSERT INTO commands (session_id, charger_id, action, request, state, created_at) VALUES (?, ?, ?, ?, 'queued', ?)",
  );
  const sent = db.prepare<[string, number]>("UPDATE commands SET state = 'sent', message_id = ? WHERE id = ?");
  const finish = db.prepare(
    'UPDATE commands SET state = @state, response = @response, error = @error, answered_at = @answeredAt, latency_ms = @latencyMs WHERE id = @id',
  );
  const one = db.prepare<[number], CommandRow>('SELECT * FROM commands WHERE id = ?');
  const list = db.prepare<[number, string], CommandRow>('SELECT * FROM commands WHERE session_id = ? AND charger_id = ? ORDER BY id DESC LIMIT 500');
  const lastWithStatus = db.prepare<[string, string, string], CommandRow>(
    "SELECT * FROM commands WHERE charger_id = ? AND action = ? AND state = 'answered' AND json_extract(response, '$.status') = ? ORDER BY id DESC LIMIT 1",
  );
  return {
    create(sessionId: number, chargerId: string, action: string, request: Record<string, unknown>, at: string): number {
      return Number(insert.run(sessionId, chargerId, action, JSON.stringify(request), at).lastInsertRowid);
    },
    markSent(id: number, messageId: string): void {
      sent.run(messageId, id);
    },
    finish(id: number, f: { state: Command['state']; response?: unknown; error?: CallErrorBody | null; answeredAt: string; latencyMs: number | null }): void {
      finish.run({
        id, state: f.state, response: f.response === undefined ? null : JSON.stringify(f.response),
        error: f.error ? JSON.stringify(f.error) : null, answeredAt: f.answeredAt, latencyMs: f.latencyMs,
      });
    },
    get(id: number): Command | undefined {
      const r = one.get(id);
      return r ? toCommand(r) : undefined;
    },
    list(sessionId: number, chargerId: string): Command[] {
      return list.all(sessionId, chargerId).map(toCommand);
    },
    /** The latest command of `action` to a charger that it answered with `status`, in any session. */
    lastAnswered(chargerId: string, action: string, status: string): Command | undefined {
      const r = lastWithStatus.get(chargerId, action, status);
      return r ? toCommand(r) : undefined;
    },
  };
}
export type CommandRepo = ReturnType<typeof createCommandRepo>;
