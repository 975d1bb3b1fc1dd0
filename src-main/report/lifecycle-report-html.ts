// The maintenance visit report and the disposal certificate as self-contained HTML pages, in the manner of
// the commissioning report (report-html.ts: same stylesheet, no script, no external resource, every text
// from the device escaped), printable on A4 and so to PDF. What an auditor reads: the device, the chain
// link (the predecessor's hash), each drift with both values and its guideline reference, the Tables 15/33
// results, the re-run battery, the Table 18/36 checks, and a verdict that names every finding. The page
// never claims more than the signed JSON proved: "no drift" only when there is none, "every check passed"
// only when no check failed, warned or was left not run; a check not run is listed as not checked.
import { messagesUnder, render, type Language, type MessageId, type MessageParams } from '../messages/catalogue';
import { evidenceLines, reportTime } from './evidence-text';
import { esc, REPORT_CSS } from './report-html';
import type { DisposalCertificate } from './disposal-certificate';
import { visitFindings, type VisitCheck, type VisitReport } from './visit-report';

const EXTRA_CSS = '.warning{color:#8a4b00}.not-run{color:#555}.verdict.ok{color:#075e13}.verdict.findings{color:#9b0000}';

const family = (system: string, lang: Language): string => render(`system.${system}.full` as MessageId, undefined, lang);

const shown = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function page(lang: Language, title: string, body: string[]): string {
  return [
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(title)}</title><style>${REPORT_CSS}${EXTRA_CSS}</style></head><body>`,
    ...body,
    `</body></html>`,
  ].join('\n');
}

function checksTable(title: string, checks: VisitCheck[], lang: Language): string {
  const L = messagesUnder('report.visit', lang);
  const R = messagesUnder('report.label', lang);
  const status = (s: VisitCheck['status']) => `<span class="st ${esc(s)}">${esc(L[`status_${s}`])}</span>`;
  const out = [`<section><h2>${esc(title)}</h2>`];
  if (!checks.length) return `${out[0]}<p>${esc(L.none)}</p></section>`;
  out.push(`<table><colgroup><col style="width:13%"><col style="width:27%"><col style="width:12%"><col style="width:48%"></colgroup><thead><tr><th>${esc(R.row)}</th><th>${esc(R.check)}</th><th>${esc(R.status)}</th><th>${esc(R.evidence)}</th></tr></thead><tbody>`);
  for (const c of checks) {
    const ref = c.table ? `Table ${c.table} row ${c.row}` : c.references;
    out.push(
      `<tr data-check="${esc(c.id)}"><td>${esc(ref)}</td><td><strong>${esc(c.title[lang])}</strong><div class="note">${esc(c.references)}</div></td><td>${status(c.status)}</td>` +
        `<td><pre>${esc(evidenceLines(c.evidence, lang).join('\n'))}</pre>${c.reason ? `<div class="note"><strong>${esc(L.reason)}:</strong> ${esc(c.reasonText?.[lang] ?? c.reason)}</div>` : ''}</td></tr>`,
    );
  }
  out.push(`</tbody></table></section>`);
  return out.join('\n');
}

/** The verdict in the report's language: it names the number of findings; "no drift" only without drift. */
export function visitVerdictText(report: VisitReport, lang: Language): string {
  const { findings, notRun } = visitFindings(report);
  const t = (id: MessageId, p?: MessageParams) => render(id, p, lang);
  if (!report.drift.none) return t('report.visit.verdictDrift', { drift: report.drift.items.length, count: findings.length });
  if (findings.length === 0 && notRun.length === 0) return t('report.visit.verdictClean');
  return t('report.visit.verdictNoDriftFindings', { count: findings.length + notRun.length });
}

export function renderVisitReportHtml(report: VisitReport, lang: Language = 'en'): string {
  const L = messagesUnder('report.visit', lang);
  const R = messagesUnder('report.label', lang);
  const { findings, notRun } = visitFindings(report);
  const clean = report.drift.none && findings.length === 0 && notRun.length === 0;
  const b: string[] = [];
  b.push(`<h1>${esc(L.title)} — ${esc(report.device.model)}</h1>`);
  b.push(`<p class="verdict ${clean ? 'ok' : 'findings'}" data-verdict="${clean ? 'clean' : 'findings'}"><strong>${esc(L.verdict)}:</strong> ${esc(visitVerdictText(report, lang))}</p>`);
  if (findings.length) {
    b.push(`<section><h2>${esc(L.deviations)} (${findings.length})</h2><ul class="deviations">`);
    for (const f of findings) {
      const text = f.drift
        ? render('report.visit.driftItem', { path: f.drift.path, baseline: shown(f.drift.baseline), now: shown(f.drift.now) }, lang)
        : `${f.check!.title[lang]}: ${L[`status_${f.check!.status}`]}${f.check!.reason ? ` — ${f.check!.reasonText?.[lang] ?? f.check!.reason}` : ''}`;
      b.push(`<li data-finding="${f.kind}"><strong>${esc(f.reference)}</strong>: ${esc(text)}</li>`);
    }
    b.push(`</ul></section>`);
  }
  if (notRun.length) {
    b.push(`<section><h2>${esc(L.notRunNote)} (${notRun.length})</h2><ul>`);
    for (const c of notRun) b.push(`<li data-not-run="${esc(c.id)}"><strong>${esc(c.table ? `Table ${c.table} row ${c.row}` : c.references)}</strong>: ${esc(c.title[lang])}${c.reason ? ` — ${esc(c.reasonText?.[lang] ?? c.reason)}` : ''}</li>`);
    b.push(`</ul></section>`);
  }

  const d = report.device;
  b.push(`<section><h2>${esc(L.device)}</h2><dl>`);
  b.push(`<dt>${esc(R.model)}</dt><dd>${esc(d.model)}</dd><dt>${esc(L.system)}</dt><dd>${esc(family(d.system, lang))}</dd>`);
  b.push(`<dt>${esc(R.serial)}</dt><dd>${esc(d.serialNumber ?? '—')}</dd><dt>${esc(R.firmware)}</dt><dd>${esc(d.firmwareVersion ?? '—')}</dd>`);
  b.push(`<dt>${esc(L.link)}</dt><dd>${esc(report.link.description)} (${esc(report.link.kind)})</dd>`);
  if (report.link.pinnedFingerprint256) b.push(`<dt>${esc(L.pinned)}</dt><dd class="mono">${esc(report.link.pinnedFingerprint256)}</dd>`);
  b.push(`<dt>${esc(L.logon)}</dt><dd>${esc(report.logon.user)} — ${esc(L.logonNote)}</dd>`);
  b.push(`<dt>${esc(R.operator)}</dt><dd>${esc(report.operator.name)}</dd><dt>${esc(R.session)}</dt><dd class="mono">${esc(report.session.id)}</dd>`);
  b.push(`<dt>${esc(R.started)}</dt><dd>${esc(reportTime(report.session.startedAt))}</dd><dt>${esc(R.finished)}</dt><dd>${esc(reportTime(report.session.finishedAt))}</dd><dt>${esc(R.resumed)}</dt><dd>${report.session.resumedTimes}</dd>`);
  if (report.nextPeriodicCheck) b.push(`<dt>${esc(render('report.visit.nextCheck', { date: report.nextPeriodicCheck.dueBy.slice(0, 10) }, lang))}</dt><dd>${esc(report.nextPeriodicCheck.section ? render('report.visit.nextCheckBasis', { section: report.nextPeriodicCheck.section }, lang) : report.nextPeriodicCheck.basis)}</dd>`);
  b.push(`</dl></section>`);

  const p = report.predecessor;
  b.push(`<section data-section="chain"><h2>${esc(L.chain)}</h2><dl>`);
  b.push(`<dt>${esc(L.baselineKind)}</dt><dd>${esc(p.format.replace('mx-commissioner-', ''))} — ${esc(p.device.model)} ${esc(p.device.serialNumber ?? '')}</dd><dt>${esc(L.baselineAt)}</dt><dd>${esc(reportTime(p.generatedAt))}</dd>`);
  b.push(`<dt>${esc(L.baselineHash)}</dt><dd class="mono" data-predecessor-digest>${esc(p.digest)}</dd><dt>${esc(L.baselineKey)}</dt><dd class="mono">${esc(p.keyId)}</dd></dl>`);
  b.push(`<p class="note">${esc(L.chainHow)}</p></section>`);

  b.push(`<section data-section="drift"><h2>${esc(L.drift)}</h2>`);
  if (report.drift.none) b.push(`<p class="st pass">${esc(L.noDrift)}</p>`);
  else {
    b.push(`<table><colgroup><col style="width:24%"><col style="width:22%"><col style="width:22%"><col style="width:32%"></colgroup><thead><tr><th>${esc(L.setting)}</th><th>${esc(L.atBaseline)}</th><th>${esc(L.now)}</th><th>${esc(L.guideline)}</th></tr></thead><tbody>`);
    for (const x of report.drift.items) b.push(`<tr data-drift="${esc(x.path)}"><td class="mono">${esc(x.path)}</td><td><pre>${esc(shown(x.baseline))}</pre></td><td><pre>${esc(shown(x.now))}</pre></td><td>${esc(x.references)}${x.rows.length ? `<div class="note">${esc(x.rows.join(', '))}</div>` : ''}</td></tr>`);
    b.push(`</tbody></table>`);
  }
  b.push(`</section>`);

  b.push(checksTable(L.continuous, report.continuous, lang));
  if (report.certificate) {
    const c = report.certificate;
    b.push(`<section><h2>${esc(L.certificate)}</h2><p><span class="mono">${esc(c.fingerprint256)}</span><br>${esc(render('report.visit.validUntil', { date: reportTime(c.notAfter), days: c.daysLeft, warnFrom: c.warnFrom.slice(0, 10) }, lang))}</p></section>`);
  }
  if (report.eventHistory) {
    const e = report.eventHistory;
    b.push(`<section><h2>${esc(L.events)}</h2><p>${esc(render('report.visit.eventsTotal', { total: e.total, check: e.deviceCheckOk ? L.checkPassed : L.checkFailed }, lang))}</p>`);
    b.push(`<p><strong>${esc(L.watched)}:</strong> ${esc(e.watched.map((w) => `${w.row}: ${w.count}`).join('; ') || L.none)}</p></section>`);
  }
  b.push(checksTable(L.verification, report.verification, lang));
  b.push(checksTable(L.settingChecks, report.settingChecks, lang));
  b.push(`<p class="note">${esc(render('report.visit.carried', { attestations: report.attestations.length, exceptions: report.exceptions.length }, lang))}</p>`);
  b.push(`<p class="note">${esc(L.signature)} MX Commissioner ${esc(report.app.version)} — ${esc(reportTime(report.generatedAt))}</p>`);
  return page(lang, `${L.title} — ${d.model}`, b);
}

export function renderDisposalCertificateHtml(c: DisposalCertificate, lang: Language = 'en'): string {
  const L = messagesUnder('report.disposal', lang);
  const R = messagesUnder('report.label', lang);
  const bad = c.verification.readings.filter((r) => !r.factory);
  const factory = c.verification.factoryState && bad.length === 0;
  const b: string[] = [];
  b.push(`<h1>${esc(L.title)} — ${esc(c.device.model)}</h1>`);
  b.push(`<p class="note">${esc(L.intro)}</p>`);
  b.push(
    `<p class="verdict ${factory ? 'ok' : 'findings'}" data-verdict="${factory ? 'factory-state' : 'not-factory-state'}"><strong>${esc(L.verdict)}:</strong> ${esc(factory ? L.verdictFactory : render('report.disposal.verdictNotFactory', { count: Math.max(bad.length, 1) }, lang))}</p>`,
  );
  if (bad.length) b.push(`<ul class="deviations">${bad.map((r) => `<li data-finding="not-factory"><strong>${esc(r.what)}</strong>: ${esc(r.value)}</li>`).join('')}</ul>`);

  b.push(`<section><h2>${esc(L.media)}</h2><dl>`);
  b.push(`<dt>${esc(R.model)}</dt><dd>${esc(c.device.model)} (${esc(family(c.device.system, lang))})</dd><dt>${esc(R.serial)}</dt><dd>${esc(c.device.serialNumber ?? '—')}</dd><dt>${esc(R.firmware)}</dt><dd>${esc(c.device.firmwareVersion ?? '—')}</dd>`);
  b.push(`</dl></section>`);

  const s = c.sanitization;
  b.push(`<section><h2>${esc(L.sanitization)}</h2><dl>`);
  b.push(`<dt>${esc(L.method)}</dt><dd>${esc(s.method === 'initialization-of-all-information' ? L.methodValue : L.methodAdapter)}</dd><dt>${esc(L.category)}</dt><dd>${esc(s.category)}</dd>`);
  b.push(`<dt>${esc(L.cleared)}</dt><dd>${esc(s.cleared.join('; '))}</dd><dt>${esc(L.performedAt)}</dt><dd>${esc(reportTime(s.performedAt))}</dd>`);
  b.push(`<dt>${esc(L.finalBackup)}</dt><dd>${esc(s.finalBackup.taken ? render('report.disposal.backupTaken', { file: s.finalBackup.file ?? '' }, lang) : render('report.disposal.backupNot', { reason: s.finalBackup.reason ?? '—' }, lang))}</dd>`);
  b.push(`<dt>${esc(L.sdCard)}</dt><dd>${esc(L[`sd_${s.sdCard}`])}</dd><dt>${esc(L.references)}</dt><dd>${esc(s.references)}</dd>`);
  b.push(`</dl></section>`);

  const v = c.verification;
  b.push(`<section data-section="verification"><h2>${esc(L.verification)}</h2><dl><dt>${esc(L.verifyMethod)}</dt><dd>${esc(v.method)}</dd><dt>${esc(L.verifyLink)}</dt><dd>${esc(v.link)}</dd><dt>${esc(L.readAt)}</dt><dd>${esc(reportTime(v.readAt))}</dd></dl>`);
  b.push(`<table><colgroup><col style="width:30%"><col style="width:52%"><col style="width:18%"></colgroup><thead><tr><th>${esc(L.reading)}</th><th>${esc(L.value)}</th><th>${esc(L.factory)}</th></tr></thead><tbody>`);
  for (const r of v.readings) b.push(`<tr data-reading="${esc(r.what)}"><td>${esc(r.what)}</td><td class="mono">${esc(r.value)}</td><td><span class="st ${r.factory ? 'pass' : 'fail'}">${esc(r.factory ? L.yes : L.no)}</span></td></tr>`);
  b.push(`</tbody></table></section>`);

  b.push(`<section><h2>${esc(L.destination)}</h2><p>${esc(L[`dest_${c.destination}`])}</p></section>`);
  b.push(`<section><h2>${esc(L.operator)}</h2><dl><dt>${esc(R.operator)}</dt><dd>${esc(c.operator.name)}</dd><dt>${esc(R.at)}</dt><dd>${esc(reportTime(c.generatedAt))}</dd>`);
  b.push(`<dt>${esc(L.order)}</dt><dd>${esc(c.order.status)}</dd><dt>${esc(L.pinRemoved)}</dt><dd class="mono">${esc(c.pinRemoved.fingerprint256 ?? L.noPin)}</dd></dl></section>`);
  if (c.predecessor) {
    const p = c.predecessor;
    b.push(`<section data-section="chain"><h2>${esc(L.chain)}</h2><dl><dt>${esc(messagesUnder('report.visit', lang).baselineKind)}</dt><dd>${esc(p.format.replace('mx-commissioner-', ''))}, ${esc(reportTime(p.generatedAt))}</dd><dt>${esc(messagesUnder('report.visit', lang).baselineHash)}</dt><dd class="mono" data-predecessor-digest>${esc(p.digest)}</dd></dl></section>`);
  }
  b.push(`<section><h2>${esc(L.advice)}</h2><p>${esc(c.advice)}</p></section>`);
  b.push(`<p class="note">${esc(L.signature)} MX Commissioner ${esc(c.app.version)} — ${esc(reportTime(c.generatedAt))}</p>`);
  return page(lang, `${L.title} — ${c.device.model}`, b);
}

