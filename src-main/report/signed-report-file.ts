// report.json: the compliance report inside the signed envelope of crypto/report-signature.ts. Any edit
// of the file — a verdict, a date, a removed row — breaks the signature; `mxc report verify` says so.
import { readFileSync } from 'node:fs';
import { signReport, verifySignedReport, type InstallationKey, type SignedReport, type SignedReportVerdict } from '../crypto/report-signature';
import { REPORT_FORMAT, type ComplianceReport } from './compliance-report';
import { NETWORK_REPORT_FORMAT, type NetworkVerificationReport } from './network-verification-report';

export async function signComplianceReport(report: ComplianceReport, key: InstallationKey): Promise<SignedReport> {
  return signReport(report, key.privateKeyPem, key.keyId);
}

/** The report of `mxc verify` (seen from the network), signed the same way. */
export async function signNetworkVerificationReport(report: NetworkVerificationReport, key: InstallationKey): Promise<SignedReport> {
  return signReport(report, key.privateKeyPem, key.keyId);
}

export interface ReportFileVerdict extends SignedReportVerdict {
  model?: string;
  generatedAt?: string;
  compliant?: boolean;
  /** The verdict in words (English), e.g. "Every row is met, with deviations ...". */
  verdict?: string;
  message: string;
}

export function verifyReportFile(path: string, trustedPublicKeyPem?: string): ReportFileVerdict {
  let signed: SignedReport;
  try {
    signed = JSON.parse(readFileSync(path, 'utf8')) as SignedReport;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${path} does not exist` : `${path} is not JSON`;
    return { valid: false, reason: 'malformed', message: `${reason}: this is not a signed report.` };
  }
  const verdict = verifySignedReport(signed, trustedPublicKeyPem);
  const report = (signed as { report?: Partial<ComplianceReport> })?.report;
  const network = (signed as { report?: Partial<NetworkVerificationReport> })?.report;
  const facts =
    report && report.format === REPORT_FORMAT
      ? { model: report.device?.model, generatedAt: report.generatedAt, compliant: report.summary?.compliant, verdict: report.summary?.verdictText?.en }
      : network && network.format === NETWORK_REPORT_FORMAT
        ? { model: network.device?.identity?.model.trim() ?? network.device?.profileModel, generatedAt: network.generatedAt, compliant: network.summary?.met }
        : {};
  if (verdict.valid && report?.format !== REPORT_FORMAT && network?.format !== NETWORK_REPORT_FORMAT) return { valid: false, reason: 'malformed', message: 'The signature is valid but the content is not an MX Commissioner compliance report.' };
  const message = verdict.valid
    ? `Signature valid (key ${verdict.keyId}${trustedPublicKeyPem ? ', the trusted installation key' : '; integrity only — pass --trusted-key to check the origin'}): the report is unchanged since it was signed.`
    : verdict.reason === 'bad-signature'
      ? 'The signature does not match: the report was changed after it was signed. Do not rely on it; ask for the original file.'
      : verdict.reason === 'unknown-key'
        ? `The report is intact but signed by key ${verdict.keyId}, not by the trusted installation key.`
        : 'The file is not a signed report in the expected format.';
  return { ...verdict, ...facts, message } as ReportFileVerdict;
}
