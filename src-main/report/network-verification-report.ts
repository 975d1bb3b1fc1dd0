// The report of a verification from the network (`mxc verify`): what a PC on the controller's Ethernet saw,
// held against a profile, with no write and no logon. Every row says how it was established ('network', or
// 'none' when the network cannot show it) and cites the readings it rests on; every reading names what was
// probed, from which address, and when. Plain JSON, signed as is like the compliance report.
import type { Bilingual } from '../commissioning/guideline';
import type { NetworkCheckVerdict, NetworkJudgement, NetworkObservation, NetworkReading, NetworkRowVerdict } from '../commissioning/network-verification/network-verification';
import type { ControllerProfile } from '../model/security-settings';
import { countProvenance, PROVENANCES, type Provenance } from '../model/provenance';
import { messagesUnder, msg, render } from '../messages/catalogue';

export const NETWORK_REPORT_FORMAT = 'mx-commissioner-network-verification-report';
export const NETWORK_REPORT_VERSION = 1;

export interface NetworkVerificationReport {
  format: typeof NETWORK_REPORT_FORMAT;
  version: typeof NETWORK_REPORT_VERSION;
  generatedAt: string;
  app: { name: 'MX Commissioner'; version: string };
  operator: { name: string };
  /** What this report is and is not, in both languages. */
  scope: Bilingual;
  device: { profileModel: string; system: string; identity: { model: string; modelCode: number } | null; securityCommands: NetworkObservation['securityCommands'] };
  from: { pcAddress: string; secondAddress?: string };
  target: { slmp: string; tls?: string };
  certificate?: { fingerprint256: string; notBefore: string; notAfter: string; subject: string; keyType: string; pinned: boolean; pinnedAt?: string };
  rows: NetworkRowVerdict[];
  checks: NetworkCheckVerdict[];
  readings: NetworkReading[];
  summary: {
    rows: number;
    passed: number;
    failed: number;
    notApplicable: number;
    notJudged: number;
    /** How each row was established (every kind, 0 where none). */
    provenance: Record<Provenance, number>;
    /** Every row and check the network could judge is met. */
    met: boolean;
  };
}

const SCOPE: Bilingual = msg('networkReport.scope');

export function buildNetworkVerificationReport(
  profile: ControllerProfile,
  observation: NetworkObservation,
  judgement: NetworkJudgement,
  options: { appVersion: string; operatorName: string; now?: Date },
): NetworkVerificationReport {
  const rows = judgement.rows;
  const count = (s: NetworkRowVerdict['status']) => rows.filter((r) => r.status === s).length;
  const c = observation.tls?.certificate;
  const where = (e: { host: string; port: number }) => `${e.host}:${e.port}`;
  return {
    format: NETWORK_REPORT_FORMAT,
    version: NETWORK_REPORT_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    app: { name: 'MX Commissioner', version: options.appVersion },
    operator: { name: options.operatorName },
    scope: SCOPE,
    device: { profileModel: profile.model, system: profile.system, identity: observation.identity, securityCommands: observation.securityCommands },
    from: { pcAddress: observation.pcAddress, ...(observation.secondAddress ? { secondAddress: observation.secondAddress } : {}) },
    target: { slmp: where(observation.target), ...(observation.tlsTarget ? { tls: where(observation.tlsTarget) } : {}) },
    ...(c
      ? {
          certificate: {
            fingerprint256: c.fingerprint256,
            notBefore: c.notBefore,
            notAfter: c.notAfter,
            subject: c.subject,
            keyType: c.keyType,
            pinned: observation.pinned?.fingerprint256 === c.fingerprint256,
            ...(observation.pinned ? { pinnedAt: observation.pinned.pinnedAt } : {}),
          },
        }
      : {}),
    rows,
    checks: judgement.checks,
    readings: observation.readings,
    summary: {
      rows: rows.length,
      passed: count('pass'),
      failed: count('fail'),
      notApplicable: count('not-applicable'),
      notJudged: count('not-judged'),
      provenance: countProvenance(rows),
      met: judgement.met,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// HTML (self-contained, escaped, English or Japanese)
// ---------------------------------------------------------------------------------------------------
const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export function renderNetworkReportHtml(report: NetworkVerificationReport, lang: 'en' | 'ja' = 'en'): string {
  const L = messagesUnder('networkReport.label', lang);
  const s = report.summary;
  const status = (x: string) => esc((L as Record<string, string>)[`status_${x}`] ?? x);
  const rows = report.rows
    .map((r) => `<tr><td>${esc(r.table)}-${r.row}</td><td>${esc(r.requirement[lang])}</td><td class="${esc(r.status)}">${status(r.status)}</td><td>${esc(render(`provenance.${r.provenance}` as const, undefined, lang))}</td><td>${esc(r.reasonText?.[lang] ?? r.reason ?? '')}</td><td>${esc(r.readingIds.join(', '))}</td></tr>`)
    .join('\n');
  const checks = report.checks
    .map((c) => `<tr><td>${esc(c.title[lang])}</td><td class="${esc(c.status)}">${status(c.status)}</td><td>${esc(c.reasonText?.[lang] ?? c.reason ?? '')}</td><td>${esc(c.readingIds.join(', '))}</td></tr>`)
    .join('\n');
  const readings = report.readings.map((r) => `<tr><td>${esc(r.id)}</td><td>${esc(r.probe)}</td><td>${esc(r.from)}</td><td>${esc(r.at)}</td><td>${esc(r.result)}</td></tr>`).join('\n');
  const summary = L.summary
    .replace('{p}', String(s.passed)).replace('{f}', String(s.failed)).replace('{n}', String(s.notApplicable)).replace('{j}', String(s.notJudged));
  const provenance = PROVENANCES.map((p) => `${render(`provenance.${p}` as const, undefined, lang)}: ${s.provenance[p]}`).join('; ');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(L.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #999;padding:4px;vertical-align:top;text-align:left}.fail{color:#a00;font-weight:bold}.pass{color:#060}.not-judged{color:#555}</style></head>
<body>
<h1>${esc(L.title)}</h1>
<p>${esc(report.scope[lang])}</p>
<p><strong>${esc(s.met ? L.met : L.notMet)}</strong> ${esc(summary)}</p>
<p class="provenance-summary">${esc(provenance)}</p>
<h2>${esc(L.device)}</h2>
<p>${esc(L.profileModel)}: ${esc(report.device.profileModel)}; ${esc(L.identity)}: ${esc(report.device.identity ? report.device.identity.model : L.none)}</p>
<p>${esc(L.from)}: ${esc(report.from.pcAddress)}${report.from.secondAddress ? `, ${esc(L.second)} ${esc(report.from.secondAddress)}` : ''}; ${esc(L.target)}: ${esc(report.target.slmp)}${report.target.tls ? `; ${esc(L.tls)}: ${esc(report.target.tls)}` : ''}</p>
${report.certificate ? `<p>${esc(L.certificate)}: SHA-256 ${esc(report.certificate.fingerprint256)}, ${esc(report.certificate.keyType)}, ${esc(report.certificate.notBefore)} – ${esc(report.certificate.notAfter)}, ${esc(report.certificate.subject)}</p>` : ''}
<h2>${esc(L.rows)}</h2>
<table><tr><th>${esc(L.row)}</th><th>${esc(L.item)}</th><th>${esc(L.status)}</th><th>${esc(L.how)}</th><th>${esc(L.reason)}</th><th>${esc(L.readings)}</th></tr>
${rows}</table>
<h2>${esc(L.checks)}</h2>
<table>${checks}</table>
<h2>${esc(L.readings)}</h2>
<table><tr><th></th><th>${esc(L.probe)}</th><th>${esc(L.from)}</th><th>${esc(L.at)}</th><th>${esc(L.result)}</th></tr>
${readings}</table>
<p>${esc(L.signature)}</p>
</body></html>
`;
}
