// What the technician takes away: the report (HTML in English or Japanese, signed JSON) and the device
// certificate for the connection destination devices (PEM, DER). Each export is saved under
// <dataDir>/exports/<session>/ and returned as base64 so the browser host can offer it as a download.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportKind, ExportResult } from '../../ipc/wizard-contract';
import type { ComplianceReport } from '../../report/compliance-report';
import { renderReportHtml } from '../../report/report-html';
import type { SignedReport } from '../../crypto/report-signature';
import { ServiceError } from '../service-error';

export interface ExportSources {
  dataDir: string;
  sessionId: string;
  model: string;
  report?: ComplianceReport;
  /** The report signed with this installation's key (the session core signs it). */
  signedReport?: () => Promise<SignedReport>;
  certificate?: { pem: string; der: Buffer };
  /** Prints HTML to PDF; only the Electron host has one (printToPDF). */
  renderPdf?: (html: string) => Promise<Buffer>;
}

export function exportDirectory(dataDir: string, sessionId: string): string {
  return join(dataDir, 'exports', sessionId);
}

export async function writeExport(kind: ExportKind, s: ExportSources): Promise<ExportResult> {
  let fileName: string;
  let mime: string;
  let content: Buffer;
  const base = `${s.model}-${s.sessionId}`;
  if (kind === 'certificate-pem' || kind === 'certificate-der') {
    if (!s.certificate) throw new ServiceError('no-session', { id: 'errors.service.noCertificateYet' });
    fileName = `${base}-certificate.${kind === 'certificate-pem' ? 'pem' : 'der'}`;
    mime = kind === 'certificate-pem' ? 'application/x-pem-file' : 'application/pkix-cert';
    content = kind === 'certificate-pem' ? Buffer.from(s.certificate.pem, 'utf8') : s.certificate.der;
  } else {
    if (!s.report || !s.signedReport) throw new ServiceError('no-session', { id: 'errors.service.noReportYet' });
    if (kind === 'report-json') {
      const signed = await s.signedReport();
      fileName = `${base}-report.json`;
      mime = 'application/json';
      content = Buffer.from(JSON.stringify(signed, null, 2), 'utf8');
    } else if (kind === 'report-pdf' || kind === 'report-pdf-ja') {
      if (!s.renderPdf) throw new ServiceError('not-in-this-host', { id: 'errors.service.noPdfHere' });
      const lang = kind === 'report-pdf-ja' ? 'ja' : 'en';
      fileName = `${base}-report${lang === 'ja' ? '.ja' : ''}.pdf`;
      mime = 'application/pdf';
      content = await s.renderPdf(renderReportHtml(s.report, lang));
    } else {
      const lang = kind === 'report-html-ja' ? 'ja' : 'en';
      fileName = `${base}-report${lang === 'ja' ? '.ja' : ''}.html`;
      mime = 'text/html; charset=utf-8';
      content = Buffer.from(renderReportHtml(s.report, lang), 'utf8');
    }
  }
  const dir = exportDirectory(s.dataDir, s.sessionId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const savedTo = join(dir, fileName);
  writeFileSync(savedTo, content, { mode: 0o600 });
  return { fileName, savedTo, mime, contentBase64: content.toString('base64') };
}
