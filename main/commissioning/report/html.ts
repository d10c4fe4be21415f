import type { ReportData } from './data.ts';
import { chartOf, chartPad, type Chart } from './chart.ts';

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

const VERDICT_COLOR: Record<string, string> = { pass: '#2e7d32', fail: '#c62828', inconclusive: '#ef6c00', skipped: '#757575', pending: '#757575', running: '#1565c0' };

function svg(c: Chart): string {
  const h = c.height;
  const axis = `<line x1="${chartPad.left}" y1="${h - chartPad.bottom}" x2="${c.width - chartPad.right}" y2="${h - chartPad.bottom}" stroke="#999"/>`;
  const labels = c.xLabels.map((l) => `<text x="${l.x.toFixed(1)}" y="${h - 6}" font-size="10" text-anchor="middle">${esc(l.text)}</text>`).join('');
  const lines = c.lines.map((l, i) => {
    const pts = l.points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    const x = i === 0 ? 4 : c.width - 4;
    return `<polyline fill="none" stroke="${l.color}" stroke-width="1.5" points="${pts}"/>`
      + `<text x="${x}" y="12" font-size="10" fill="${l.color}" text-anchor="${i === 0 ? 'start' : 'end'}">${esc(l.label)} (max ${Math.round(l.max / 1.1)} ${l.unit})</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}" role="img">${axis}${labels}${lines}</svg>`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;margin:24px auto;max-width:1000px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px;overflow-wrap:anywhere}svg{max-width:100%;height:auto}
th{background:#f3f3f3}.ro{color:#777}.changed{background:#fff3cd}.v{font-weight:600}.muted{color:#777}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}
dt{color:#555}dd{margin:0}.verdict{font-weight:700;text-transform:uppercase;font-size:12px}@media print{body{margin:0}}`;

/** The report as one self-contained HTML page: inline CSS and SVG, no script, no external request. */
export function renderHtml(d: ReportData): string {
  const b = d.boot ?? {};
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push(`<title>Commissioning report ${esc(d.chargerId)}</title><style>${CSS}</style></head><body>`);
  out.push(`<header id="identity"><h1>Commissioning report — ${esc(d.chargerId)}</h1><p class="muted">Session "${esc(d.session.name)}" · generated ${esc(d.generatedAt)}</p>`);
  out.push(`<dl><dt>Engineer</dt><dd>${esc(d.notes.engineer) || '—'}</dd><dt>Site</dt><dd>${esc(d.notes.site) || '—'}</dd><dt>Date</dt><dd>${esc(d.generatedAt.slice(0, 10))}</dd>`);
  out.push(`<dt>Notes</dt><dd style="white-space:pre-wrap">${esc(d.notes.notes) || '—'}</dd></dl></header>`);

  out.push(`<section id="charger"><h2>Charger</h2><dl><dt>Identity</dt><dd>${esc(d.chargerId)}</dd><dt>Vendor</dt><dd>${esc(b['chargePointVendor'])}</dd><dt>Model</dt><dd>${esc(b['chargePointModel'])}</dd>`);
  out.push(`<dt>Serial number</dt><dd>${esc(b['chargePointSerialNumber'] ?? b['chargeBoxSerialNumber']) || '—'}</dd><dt>Firmware</dt><dd>${esc(b['firmwareVersion']) || '—'}</dd>`);
  out.push(`<dt>Meter</dt><dd>${esc([b['meterType'], b['meterSerialNumber']].filter(Boolean).join(' ')) || '—'}</dd><dt>Last boot</dt><dd>${esc(d.bootAt) || '—'}</dd>`);
  out.push(`<dt>Connectors</dt><dd>${d.connectors.map((c) => `${c.connectorId}: ${esc(c.status)}${c.errorCode !== 'NoError' ? ` (${esc(c.errorCode)})` : ''}`).join(', ') || '—'}</dd></dl></section>`);

  out.push(`<section id="connection"><h2>Connection</h2><dl><dt>URL path</dt><dd>${esc(d.connection.url) || '—'}</dd><dt>Subprotocol</dt><dd>${esc(d.connection.subprotocol) || '—'}</dd>`);
  out.push(`<dt>Security profile</dt><dd>${esc(d.connection.securityProfile)}</dd><dt>From address</dt><dd>${esc(d.connection.remoteAddress) || '—'}</dd>`);
  out.push(`<dt>Connected at</dt><dd>${esc(d.connection.connectedAt) || '—'}</dd><dt>Frames</dt><dd>${d.frames.n} (${esc(d.frames.first) || '—'} – ${esc(d.frames.last) || '—'})</dd></dl></section>`);

  out.push(`<section id="configuration"><h2>Configuration</h2><p class="muted">From ${esc(d.configSource)}.`);
  out.push(d.previousVisit ? ` Highlighted: values that differ from the previous visit (session "${esc(d.previousVisit.name)}", ${esc(d.previousVisit.startedAt.slice(0, 10))}).` : ' No earlier visit of this charger to compare with.');
  out.push(`</p><table><thead><tr><th>Key</th><th>Value</th><th>Access</th>${d.previousVisit ? '<th>Previous visit</th>' : ''}</tr></thead><tbody>`);
  for (const k of d.config) {
    out.push(`<tr class="${k.changed ? 'changed' : ''}"><td>${esc(k.key)}</td><td>${esc(k.value)}</td><td class="${k.readonly ? 'ro' : ''}">${k.readonly === null ? '?' : k.readonly ? 'read-only' : 'read-write'}</td>`);
    if (d.previousVisit) out.push(`<td>${k.previous === undefined ? '<span class="muted">(absent)</span>' : esc(k.previous)}</td>`);
    out.push('</tr>');
  }
  if (!d.config.length) out.push('<tr><td colspan="4" class="muted">No configuration was read in this session (run config.get-all).</td></tr>');
  out.push('</tbody></table></section>');

  out.push('<section id="tests"><h2>Test runs</h2>');
  if (!d.runs.length) out.push('<p class="muted">No test run in this session.</p>');
  for (const run of d.runs) {
    const counts = ['pass', 'fail', 'inconclusive', 'skipped'].map((v) => `${run.cases.filter((c) => c.verdict === v).length} ${v}`).join(', ');
    out.push(`<h3>Run ${esc(run.id)} — ${esc(run.startedAt)} (${esc(run.state)}): ${counts}</h3>${run.note ? `<p class="muted">${esc(run.note)}</p>` : ''}`);
    out.push('<table><thead><tr><th>Case</th><th>Checks</th><th>Verdict</th><th>Reason</th><th>Evidence</th></tr></thead><tbody>');
    for (const c of run.cases) {
      const tc = d.cases.get(c.id);
      out.push(`<tr><td><b>${esc(c.id)}</b><br><span class="muted">${esc(tc?.tc ?? '')} ${esc(tc?.spec ?? '')}</span></td><td>${esc(tc?.title ?? '')}</td>`);
      out.push(`<td class="verdict" style="color:${VERDICT_COLOR[c.verdict] ?? '#222'}">${esc(c.verdict)}</td><td>${esc(c.reason)}${c.restored.length ? `<br><span class="muted">${c.restored.map(esc).join('; ')}</span>` : ''}</td>`);
      out.push(`<td>${c.evidence.slice(0, 12).map((s) => `#${s}`).join(' ')}${c.evidence.length > 12 ? ' …' : ''}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="findings"><h2>Findings</h2>');
  if (!d.findings.length) out.push('<p class="muted">No findings for this charger in this session.</p>');
  else {
    out.push('<table><thead><tr><th>Rule</th><th>Severity</th><th>Count</th><th>Example</th><th>Advice</th></tr></thead><tbody>');
    for (const f of d.findings) {
      out.push(`<tr><td>${esc(f.rule)}${f.title ? `<br><span class="muted">${esc(f.title)}</span>` : ''}</td><td>${esc(f.severity)}</td><td>${f.count}</td>`);
      out.push(`<td>${esc(f.example)}${f.firstSeq !== null ? ` <span class="muted">(#${f.firstSeq})</span>` : ''}</td><td>${esc(f.advice ?? '')}${f.spec ? ` <span class="muted">${esc(f.spec)}</span>` : ''}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="transactions"><h2>Transactions</h2>');
  if (!d.transactions.length) out.push('<p class="muted">No transaction in this session.</p>');
  else {
    if (d.moreTransactions) out.push(`<p class="muted">The last ${d.transactions.length} of ${d.transactions.length + d.moreTransactions} transactions; all are in the session export.</p>`);
    out.push('<table><thead><tr><th>Id</th><th>Connector</th><th>idTag</th><th>Start</th><th>Stop</th><th>Reason</th><th>Energy</th></tr></thead><tbody>');
    for (const tx of d.transactions) {
      out.push(`<tr><td>${tx.id}</td><td>${tx.connectorId}</td><td>${esc(tx.idTag)}</td><td>${esc(tx.startedAt)}</td><td>${esc(tx.stoppedAt ?? 'open')}</td><td>${esc(tx.reason ?? '')}</td><td>${tx.energyWh !== null ? `${(tx.energyWh / 1000).toFixed(3)} kWh` : '—'}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  for (const { tx, series } of d.plots) {
    out.push(`<h3>Transaction ${tx.id} — connector ${tx.connectorId}, idTag ${esc(tx.idTag)}</h3><p>${esc(tx.startedAt)} → ${esc(tx.stoppedAt ?? 'open')}${tx.reason ? ` (${esc(tx.reason)})` : ''} · energy ${tx.energyWh !== null ? `${(tx.energyWh / 1000).toFixed(3)} kWh` : '—'}</p>`);
    const c = chartOf(series, 900, 180);
    out.push(c ? svg(c) : '<p class="muted">No power or current samples to plot.</p>');
  }
  out.push('</section>');
  out.push('<footer class="muted"><p>Made by ChargeScope. Evidence numbers (#seq) point at frames of the session export.</p></footer></body></html>');
  return out.join('');
}
