import PDFDocument from 'pdfkit';
import type { ReportData } from './data.ts';
import { chartOf, chartPad } from './chart.ts';

/** The PDF's built-in fonts are WinAnsi: arrows and dashes become plain ASCII, other characters outside Latin-1 a '?'. */
const latin1 = (s: unknown): string => String(s ?? '')
  .replace(/→/g, '->').replace(/[—–]/g, '-').replace(/…/g, '...').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[^\x09\x0a\x0d\x20-\x7e\xa0-\xff]/g, '?');

const COLORS: Record<string, string> = { pass: '#2e7d32', fail: '#c62828', inconclusive: '#ef6c00', skipped: '#757575' };

/** The same content as the HTML page, laid out by pdfkit in-process (no browser); charts are vector paths. */
export function renderPdf(d: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: latin1(`Commissioning report ${d.chargerId}`), Author: latin1(d.notes.engineer || 'ChargeScope'), Creator: 'ChargeScope' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const W = doc.page.width - 80;
  const h2 = (t: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#000').text(latin1(t)).moveDown(0.2).font('Helvetica').fontSize(9);
  };
  const kv = (k: string, v: unknown) => doc.font('Helvetica-Bold').text(`${latin1(k)}: `, { continued: true }).font('Helvetica').text(latin1(v ?? '-') || '-');
  const row = (cells: string[], widths: number[], opts: { bold?: boolean; color?: string[]; fill?: string } = {}) => {
    const x0 = 40;
    const heights = cells.map((c, i) => doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').heightOfString(latin1(c), { width: widths[i]! - 4 }));
    const h = Math.max(...heights) + 4;
    if (doc.y + h > doc.page.height - 40) doc.addPage();
    const y = doc.y;
    if (opts.fill) doc.rect(x0, y, widths.reduce((a, b) => a + b, 0), h).fill(opts.fill);
    let x = x0;
    cells.forEach((c, i) => {
      doc.fillColor(opts.color?.[i] ?? '#000').font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').text(latin1(c), x + 2, y + 2, { width: widths[i]! - 4 });
      x += widths[i]!;
    });
    doc.fillColor('#000');
    doc.x = x0;
    doc.y = y + h;
  };
  const b = d.boot ?? {};

  doc.font('Helvetica-Bold').fontSize(18).text(latin1(`Commissioning report - ${d.chargerId}`));
  doc.font('Helvetica').fontSize(9).fillColor('#555').text(latin1(`Session "${d.session.name}" - generated ${d.generatedAt}`)).fillColor('#000').moveDown(0.5);
  kv('Engineer', d.notes.engineer);
  kv('Site', d.notes.site);
  kv('Date', d.generatedAt.slice(0, 10));
  kv('Notes', d.notes.notes);

  h2('Charger');
  kv('Identity', d.chargerId);
  kv('Vendor', b['chargePointVendor']);
  kv('Model', b['chargePointModel']);
  kv('Serial number', b['chargePointSerialNumber'] ?? b['chargeBoxSerialNumber']);
  kv('Firmware', b['firmwareVersion']);
  kv('Last boot', d.bootAt);
  kv('Connectors', d.connectors.map((c) => `${c.connectorId}: ${c.status}`).join(', '));

  h2('Connection');
  kv('URL path', d.connection.url);
  kv('Subprotocol', d.connection.subprotocol);
  kv('Security profile', d.connection.securityProfile);
  kv('From address', d.connection.remoteAddress);
  kv('Frames', `${d.frames.n} (${d.frames.first ?? '-'} - ${d.frames.last ?? '-'})`);

  h2('Configuration');
  doc.fillColor('#555').text(latin1(`From ${d.configSource}.${d.previousVisit ? ` Shaded: differs from the previous visit (session "${d.previousVisit.name}").` : ''}`)).fillColor('#000').moveDown(0.3);
  const cw = d.previousVisit ? [170, 160, 70, W - 400] : [200, W - 280, 80];
  row(['Key', 'Value', 'Access', ...(d.previousVisit ? ['Previous visit'] : [])], cw, { bold: true, fill: '#eeeeee' });
  for (const k of d.config) {
    row([k.key, k.value ?? '', k.readonly === null ? '?' : k.readonly ? 'read-only' : 'read-write', ...(d.previousVisit ? [k.previous === undefined ? '(absent)' : k.previous ?? ''] : [])], cw, k.changed ? { fill: '#fff3cd' } : {});
  }

  h2('Test runs');
  if (!d.runs.length) doc.text('No test run in this session.');
  for (const run of d.runs) {
    doc.font('Helvetica-Bold').text(latin1(`Run ${run.id} - ${run.startedAt} (${run.state})`)).font('Helvetica');
    const tw = [120, 60, W - 240, 60];
    row(['Case', 'Verdict', 'Reason', 'Evidence'], tw, { bold: true, fill: '#eeeeee' });
    for (const c of run.cases) {
      const tc = d.cases.get(c.id);
      row([`${c.id}\n${tc?.tc ?? ''} ${tc?.spec ?? ''}`, c.verdict.toUpperCase(), `${c.reason}${c.restored.length ? `\n${c.restored.join('; ')}` : ''}`, c.evidence.slice(0, 6).map((s) => `#${s}`).join(' ')], tw, { color: ['#000', COLORS[c.verdict] ?? '#000'] });
    }
    doc.moveDown(0.5);
  }

  h2('Findings');
  if (!d.findings.length) doc.text('No findings for this charger in this session.');
  else {
    const fw = [130, 50, 35, W - 215];
    row(['Rule', 'Severity', 'Count', 'Example / advice'], fw, { bold: true, fill: '#eeeeee' });
    for (const f of d.findings) row([f.rule, f.severity, String(f.count), `${f.example}${f.advice ? `\nAdvice: ${f.advice}` : ''}`], fw);
  }

  h2('Transactions');
  if (!d.transactions.length) doc.text('No transaction in this session.');
  else {
    if (d.moreTransactions) doc.fillColor('#555').text(latin1(`The last ${d.transactions.length} of ${d.transactions.length + d.moreTransactions} transactions; all are in the session export.`)).fillColor('#000');
    const xw = [45, 35, 80, 120, 120, 55, W - 455];
    row(['Id', 'Conn.', 'idTag', 'Start', 'Stop', 'Reason', 'Energy'], xw, { bold: true, fill: '#eeeeee' });
    for (const tx of d.transactions) {
      row([String(tx.id), String(tx.connectorId), tx.idTag, tx.startedAt, tx.stoppedAt ?? 'open', tx.reason ?? '', tx.energyWh !== null ? `${(tx.energyWh / 1000).toFixed(3)} kWh` : '-'], xw);
    }
    doc.moveDown(0.5);
  }
  for (const { tx, series } of d.plots) {
    if (doc.y > doc.page.height - 200) doc.addPage();
    doc.font('Helvetica-Bold').text(latin1(`Transaction ${tx.id} - connector ${tx.connectorId}, idTag ${tx.idTag}`)).font('Helvetica');
    doc.text(latin1(`${tx.startedAt} -> ${tx.stoppedAt ?? 'open'}${tx.reason ? ` (${tx.reason})` : ''}; energy ${tx.energyWh !== null ? `${(tx.energyWh / 1000).toFixed(3)} kWh` : '-'}`));
    const c = chartOf(series, W, 150);
    if (!c) {
      doc.fillColor('#555').text('No power or current samples to plot.').fillColor('#000');
      continue;
    }
    const ox = 40;
    const oy = doc.y + 4;
    doc.save().strokeColor('#999').lineWidth(0.5).moveTo(ox + chartPad.left, oy + c.height - chartPad.bottom).lineTo(ox + c.width - chartPad.right, oy + c.height - chartPad.bottom).stroke().restore();
    for (const [i, l] of c.lines.entries()) {
      doc.save().strokeColor(l.color).lineWidth(1);
      l.points.forEach(([x, y], k) => (k === 0 ? doc.moveTo(ox + x, oy + y) : doc.lineTo(ox + x, oy + y)));
      doc.stroke().restore();
      doc.fillColor(l.color).fontSize(8).text(latin1(`${l.label} (max ${Math.round(l.max / 1.1)} ${l.unit})`), i === 0 ? ox : ox + c.width - 150, oy, { width: 150, align: i === 0 ? 'left' : 'right', lineBreak: false });
    }
    for (const xl of c.xLabels) doc.fillColor('#000').fontSize(8).text(xl.text, ox + xl.x - 30, oy + c.height - 14, { width: 60, align: 'center', lineBreak: false });
    doc.fontSize(9).fillColor('#000');
    doc.x = 40;
    doc.y = oy + c.height + 6;
  }
  doc.end();
  return done;
}
