// Verifies any signed file MX Commissioner writes — the compliance report, a visit report, a disposal
// certificate, an event-history export — for `mxc report verify`: the signature first, then what the
// document itself makes checkable (the export's own chain; the link to the predecessor report when the
// predecessor file is given).
import { readFileSync } from 'node:fs';
import { verifySignedReport, type SignedReport } from '../crypto/report-signature';
import { REPORT_FORMAT } from './compliance-report';
import { DISPOSAL_CERTIFICATE_FORMAT } from './disposal-certificate';
import { EVENT_HISTORY_FORMAT, verifyEventHistoryExport, type EventHistoryExport } from './event-history-export';
import { verifyChainLink, type PredecessorLink } from './report-chain';
import { VISIT_REPORT_FORMAT } from './visit-report';
import { NETWORK_REPORT_FORMAT } from './network-verification-report';

const KINDS: Record<string, string> = {
  [REPORT_FORMAT]: 'compliance report',
  [VISIT_REPORT_FORMAT]: 'maintenance visit report',
  [DISPOSAL_CERTIFICATE_FORMAT]: 'disposal certificate',
  [EVENT_HISTORY_FORMAT]: 'event history export',
  [NETWORK_REPORT_FORMAT]: 'verification from the network',
};

export interface DocumentVerdict {
  valid: boolean;
  kind?: string;
  keyId?: string;
  /** One line per finding, first the signature's. */
  messages: string[];
  /** The document names a predecessor (a visit report, a disposal certificate). */
  predecessor?: PredecessorLink;
}

export function readSignedFile(path: string): SignedReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error((e as NodeJS.ErrnoException).code === 'ENOENT' ? `${path} does not exist.` : `${path} cannot be read.`);
  }
  try {
    return JSON.parse(text) as SignedReport;
  } catch {
    throw new Error(`${path} is not JSON: this is not a signed report.`);
  }
}

export function verifySignedDocument(signed: SignedReport, options: { trustedPublicKeyPem?: string; predecessor?: SignedReport } = {}): DocumentVerdict {
  const verdict = verifySignedReport(signed, options.trustedPublicKeyPem);
  const doc = (signed as { report?: { format?: unknown; predecessor?: PredecessorLink } } | null)?.report;
  const kind = typeof doc?.format === 'string' ? KINDS[doc.format] : undefined;
  const messages: string[] = [];
  if (!verdict.valid) {
    messages.push(
      verdict.reason === 'bad-signature'
        ? 'The signature does not match: the file was changed after it was signed. Do not rely on it; ask for the original file.'
        : verdict.reason === 'unknown-key'
          ? `The file is intact but signed by key ${verdict.keyId}, not by the trusted installation key.`
          : 'The file is not a signed report in the expected format.',
    );
  } else if (!kind) {
    return { valid: false, messages: ['The signature is valid but the content is not a report of MX Commissioner.'] };
  } else {
    messages.push(
      `Signature valid (key ${verdict.keyId}${options.trustedPublicKeyPem ? ', the trusted installation key' : '; integrity only — pass --trusted-key to check the origin'}): the ${kind} is unchanged since it was signed.`,
    );
  }
  let valid = verdict.valid && kind !== undefined;
  if (valid && doc?.format === EVENT_HISTORY_FORMAT) {
    const v = verifyEventHistoryExport(doc as unknown as EventHistoryExport);
    if (v.ok) messages.push(`Event history: ${(doc as unknown as EventHistoryExport).records.length} records, numbered without gaps, chain intact; the device's own manipulation check passed at export.`);
    messages.push(...v.messages);
    valid = valid && v.ok;
  }
  const predecessor = doc?.predecessor;
  if (predecessor) {
    if (options.predecessor) {
      const link = verifyChainLink(predecessor, options.predecessor);
      if (link.ok) messages.push(`It follows from the predecessor given (${predecessor.format.replace('mx-commissioner-', '')} of ${predecessor.generatedAt}, ${predecessor.digest.slice(0, 23)}…).`);
      messages.push(...link.messages);
      valid = valid && link.ok;
    } else {
      messages.push(`It names its predecessor ${predecessor.digest.slice(0, 23)}… (${predecessor.generatedAt}); pass --predecessor FILE to check the chain.`);
    }
  } else if (options.predecessor) {
    messages.push('This file names no predecessor, so --predecessor cannot be checked against it.');
    valid = false;
  }
  return { valid, ...(kind ? { kind } : {}), ...(verdict.keyId ? { keyId: verdict.keyId } : {}), messages, ...(predecessor ? { predecessor } : {}) };
}
