// The report as one self-contained HTML page: inline CSS, no script, no external resource (fonts are the
// system's), printable on A4 with page breaks between sections. English by default, Japanese as an option;
// every text from the device or the profile is escaped.
import type { ComplianceReport, ReportRow } from './compliance-report';
import { PROVENANCES } from '../model/provenance';
import { evidenceLines, reportTime } from './evidence-text';
import { bilingualSentences, messagesUnder, render } from '../messages/catalogue';

export type ReportLanguage = 'en' | 'ja';

/** Escapes a text for HTML (every text from the device or the profile goes through it). */
export const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function evidenceText(row: ReportRow, lang: ReportLanguage): string {
  return evidenceLines(row.evidence, lang).join('\n');
}

/** The reports' one stylesheet (the visit report and the disposal certificate share it). */
export const REPORT_CSS = `
:root{color-scheme:light}
body{font-family:system-ui,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;font-size:10.5pt;margin:16mm;color:#111}
h1{font-size:16pt;margin:0 0 4mm}h2{font-size:12.5pt;margin:7mm 0 2mm;border-bottom:1px solid #444}
table{border-collapse:collapse;width:100%;margin:1mm 0;table-layout:fixed}th,td{border:1px solid #999;padding:1.2mm 1.6mm;vertical-align:top;text-align:left;overflow-wrap:anywhere;word-break:break-word}
col.n{width:9%}col.w{width:34%}col.s{width:14%}col.t{width:16%}col.e{width:43%}
.deviations li{margin:0.8mm 0}.verdict.with-deviations,.verdict.not-met{color:#9b0000}
th{background:#eee}dl{display:grid;grid-template-columns:max-content 1fr;gap:1mm 4mm;margin:0}dt{font-weight:600}
.st{font-weight:700}.pass,.attested,.not-applicable{color:#075e13}.fail,.not-verified{color:#9b0000}
pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;font-family:inherit;font-size:8.5pt;margin:0;max-height:none}
dd{margin:0;overflow-wrap:anywhere;min-width:0}
.note{font-size:9pt;color:#333}.mono{font-family:ui-monospace,Consolas,monospace;word-break:break-all}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}section{break-inside:auto}.rows{break-before:page}}
@page{size:A4;margin:14mm}
`;

export function renderReportHtml(report: ComplianceReport, lang: ReportLanguage = 'en'): string {
  const L = messagesUnder('report.label', lang);
  const t = (b: { en: string; ja: string }) => esc(b[lang]);
  const status = (s: string) => `<span class="st ${esc(s)}">${esc((L as Record<string, string>)[`status_${s}`] ?? s)}</span>`;
  const s = report.summary;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`);
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  parts.push(`<title>${esc(L.title)} — ${esc(report.device.model)}</title><style>${REPORT_CSS}</style></head><body>`);
  parts.push(`<h1>${esc(L.title)} — ${esc(report.device.model)}</h1>`);
  parts.push(`<p class="verdict ${esc(s.verdict)}"><strong>${esc(L.summary)}:</strong> ${esc(s.verdictText[lang])} `);
  parts.push(`(${s.passed} ${esc(L.status_pass)}, ${s.attested} ${esc(L.status_attested)}, ${s.notApplicable} ${esc(L['status_not-applicable'])}, ${s.failed} ${esc(L.status_fail)}, ${s.notVerified} ${esc(L['status_not-verified'])}, ${s.excepted} ${esc(L.exceptions)})</p>`);
  // How the rows were established (provenance), each kind counted.
  if (s.provenance) parts.push(`<p class="provenance-summary">${PROVENANCES.map((p) => `${esc(render(`provenance.${p}` as const, undefined, lang))}: ${s.provenance[p]}`).join('; ')}</p>`);

  if (report.deviations.length) {
    parts.push(`<section><h2>${esc(L.deviations)} (${report.deviations.length})</h2><ul class="deviations">`);
    for (const d of report.deviations) parts.push(`<li><strong>${esc(d.reference)}</strong>: ${esc(d.text[lang])}</li>`);
    parts.push(`</ul></section>`);
  }

  parts.push(`<section><h2>${esc(L.device)}</h2><dl>`);
  parts.push(`<dt>${esc(L.model)}</dt><dd>${esc(report.device.model)} (${esc(report.device.system)})</dd><dt>${esc(L.serial)}</dt><dd>${esc(report.device.serialNumber ?? '—')}</dd>`);
  parts.push(`<dt>${esc(L.firmware)}</dt><dd>${esc(report.device.firmwareVersion ?? '—')}</dd><dt>${esc(L.driver)}</dt><dd>${esc(report.device.driverMode)}</dd>`);
  parts.push(`<dt>${esc(L.initial)}</dt><dd>${esc(report.link.initial.description)} (${esc(report.link.initial.kind)})</dd><dt>${esc(L.final)}</dt><dd>${esc(report.link.final.description)} (${esc(report.link.final.kind)})</dd>`);
  if (report.link.trustBoundaryAttestation) {
    const a = report.link.trustBoundaryAttestation;
    parts.push(`<dt>${esc(L.trust)}</dt><dd>${esc(a.text)} — ${esc(a.by)}, ${esc(reportTime(a.at))}</dd>`);
  }
  if (report.certificate) {
    const c = report.certificate;
    parts.push(`<dt>${esc(L.certificate)}</dt><dd><span class="mono">${esc(c.fingerprint256)}</span><br>${esc(L.validity)}: ${esc(c.notBefore)} – ${esc(c.notAfter)}; ${esc(L.pinned)}: ${esc(c.pinned ? L.yes : L.no)}</dd>`);
  }
  parts.push(`<dt>${esc(L.operator)}</dt><dd>${esc(report.operator.name)}</dd>`);
  parts.push(`<dt>${esc(L.session)}</dt><dd class="mono">${esc(report.session.id)}</dd><dt>${esc(L.started)}</dt><dd>${esc(reportTime(report.session.startedAt))}</dd><dt>${esc(L.finished)}</dt><dd>${esc(reportTime(report.session.finishedAt))}</dd>`);
  parts.push(`<dt>${esc(L.resumed)}</dt><dd>${report.session.resumedTimes}</dd></dl></section>`);

  parts.push(`<section><h2>${esc(L.procedure)}: ${t(report.procedure.title)}</h2>`);
  if (report.procedure.reconstructed) parts.push(`<p class="note">${esc(report.procedure.notice ? report.procedure.notice[lang] : L.reconstructed)}</p>`);
  parts.push(`<table><colgroup><col class="n"><col style="width:27%"><col class="s"><col class="t"><col style="width:34%"></colgroup><thead><tr><th>${esc(L.step)}</th><th>${esc(L.item)}</th><th>${esc(L.state)}</th><th>${esc(L.time)}</th><th>${esc(L.detail)}</th></tr></thead><tbody>`);
  for (const st of report.steps) {
    parts.push(`<tr><td>${st.number}</td><td>${t(st.title)}<div class="note">${esc(st.references)}</div></td><td>${esc(st.state)}</td><td>${esc(st.finishedAt ?? st.startedAt ? reportTime((st.finishedAt ?? st.startedAt)!) : '')}</td><td>${esc(st.messages?.length ? bilingualSentences(st.messages)[lang] : (st.detail ?? ''))}</td></tr>`);
  }
  parts.push(`</tbody></table></section>`);

  parts.push(`<section class="rows"><h2>${esc(L.rows)} ${esc(report.rows[0]?.table ?? '')}</h2><table><colgroup><col style="width:7%"><col class="w"><col class="s"><col style="width:45%"></colgroup><thead><tr><th>${esc(L.row)}</th><th>${esc(L.item)} / ${esc(L.requirement)}</th><th>${esc(L.status)}</th><th>${esc(L.evidence)}</th></tr></thead><tbody>`);
  for (const r of report.rows) {
    const iec = r.iec.map((m) => `${esc(m.id)}${m.bestFit ? ` (${esc(L.bestFit)})` : ''}`).join(', ');
    parts.push(`<tr><td>${r.row}</td><td><strong>${t(r.item)}</strong><br>${t(r.requirement)}<div class="note">${esc(L.refs)}: ${esc(r.references)}; IEC: ${iec}</div></td>`);
    parts.push(`<td>${status(r.status)}${r.provenance ? `<div class="provenance">${esc(render(`provenance.${r.provenance}` as const, undefined, lang))}</div>` : ''}${r.reason ? `<div class="note">${esc(r.reasonText?.[lang] ?? r.reason)}</div>` : ''}${r.exception ? `<div class="note"><strong>${esc(L.exceptions)}:</strong> ${esc(r.exception.justification)} — ${esc(r.exception.by)}, ${esc(r.exception.at)}</div>` : ''}</td>`);
    parts.push(`<td><pre>${esc(evidenceText(r, lang))}</pre></td></tr>`);
  }
  parts.push(`</tbody></table></section>`);

  if (report.testOperation) parts.push(testOperationHtml(report, lang));

  parts.push(`<section><h2>${esc(L.attestations)}</h2>`);
  parts.push(report.attestations.length ? `<table><thead><tr><th>ID</th><th>${esc(L.detail)}</th><th>${esc(L.by)}</th><th>${esc(L.at)}</th></tr></thead><tbody>${report.attestations.map((a) => `<tr><td>${esc(a.id)}</td><td>${esc(a.text)}</td><td>${esc(a.by)}</td><td>${esc(reportTime(a.at))}</td></tr>`).join('')}</tbody></table>` : `<p>${esc(L.none)}</p>`);
  parts.push(`<h2>${esc(L.exceptions)}</h2>`);
  parts.push(report.exceptions.length ? `<table><thead><tr><th>${esc(L.row)}</th><th>${esc(L.justification)}</th><th>${esc(L.by)}</th><th>${esc(L.at)}</th></tr></thead><tbody>${report.exceptions.map((e) => `<tr><td>${esc(e.rowId)}</td><td>${esc(e.justification)}</td><td>${esc(e.by)}</td><td>${esc(reportTime(e.at))}</td></tr>`).join('')}</tbody></table>` : `<p>${esc(L.none)}</p>`);
  const recs = report.recommendations.filter((r) => r.status !== 'satisfied' && r.status !== 'not-applicable');
  parts.push(`<h2>${esc(L.recommendations)}</h2>`);
  parts.push(recs.length ? `<ul>${recs.map((r) => `<li>${esc(r.message ? r.message[lang] : r.ruleId)} <span class="note">(${esc(r.references)})</span></li>`).join('')}</ul>` : `<p>${esc(L.none)}</p>`);
  parts.push(`</section>`);

  parts.push(`<section><h2>${esc(L.iec)}</h2><table><thead><tr><th>ID</th><th>${esc(L.item)}</th><th>${esc(L.rows)}</th><th>${esc(L.status)}</th></tr></thead><tbody>`);
  for (const c of report.iec62443) {
    parts.push(`<tr><td>${esc(c.id)}</td><td>${esc(c.title)}${c.bestFit ? ` <span class="note">(${esc(L.bestFit)})</span>` : ''}</td><td>${esc(c.rows.join(', '))}</td><td>${esc((L as Record<string, string>)[c.status] ?? c.status)}</td></tr>`);
  }
  parts.push(`</tbody></table></section>`);
  parts.push(`<p class="note">${esc(L.signature)} MX Commissioner ${esc(report.app.version)} — ${esc(reportTime(report.generatedAt))}</p>`);
  parts.push(`</body></html>`);
  return parts.join('\n');
}

/** Step 14: every item with its result, evidence and time; a declined one says who declined it. */
function testOperationHtml(report: ComplianceReport, lang: ReportLanguage): string {
  const L = messagesUnder('report.label', lang);
  const t = report.testOperation!;
  const cls = (st: string) => (st === 'pass' ? 'pass' : st === 'fail' ? 'fail' : 'not-verified');
  const label = (st: string) => (st === 'pass' ? L.status_pass : st === 'fail' ? L.status_fail : L.status_notrun);
  const out: string[] = [];
  out.push(`<section><h2>${esc(L.testOperation)}</h2>`);
  out.push(`<p>${esc(L.testSummary.replace('{p}', String(t.summary.passed)).replace('{f}', String(t.summary.failed)).replace('{n}', String(t.summary.notRun)).replace('{s}', (t.summary.durationMs / 1000).toFixed(1)))}</p>`);
  out.push(`<table><colgroup><col class="n"><col style="width:26%"><col class="s"><col style="width:35%"><col class="t"></colgroup><thead><tr><th>${esc(L.row)}</th><th>${esc(L.check)}</th><th>${esc(L.status)}</th><th>${esc(L.evidence)}</th><th>${esc(L.time)}</th></tr></thead><tbody>`);
  for (const i of t.items) {
    out.push(`<tr><td>${esc(t.table)}-${i.row}</td><td><strong>${esc(i.title[lang])}</strong><div class="note">${esc(i.checkId)}${i.disruptive ? ` — ${esc(L.disruptive)}` : ''}; ${esc(L.refs)}: ${esc(i.references)}</div></td>`);
    out.push(`<td><span class="st ${cls(i.status)}">${esc(label(i.status))}</span>${i.reason ? `<div class="note">${esc(i.reasonText?.[lang] ?? i.reason)}</div>` : ''}</td>`);
    out.push(`<td><pre>${esc(evidenceLines(i.evidence, lang).join('\n'))}</pre></td><td>${esc(reportTime(i.startedAt))}<div class="note">${(i.durationMs / 1000).toFixed(2)} s</div></td></tr>`);
  }
  out.push(`</tbody></table></section>`);
  return out.join('\n');
}
