// Reports of one device's life form a chain: every visit report (and the disposal certificate) names the
// report it follows — the commissioning report or the last visit — by the SHA-256 of that signed file's
// canonical form (RFC 8785, as it is signed). An auditor holding both files checks with
// `mxc report verify VISIT --predecessor BASELINE` that the visit follows from exactly that predecessor:
// a predecessor changed after signing, swapped for another, or of another device does not verify.
import { createHash } from 'node:crypto';
import { canonicalize, verifySignedReport, type SignedReport } from '../crypto/report-signature';

export interface PredecessorLink {
  /** The predecessor's format ("mx-commissioner-compliance-report", "...-visit-report"). */
  format: string;
  /** "sha256:" and the hex SHA-256 of the predecessor's whole signed file in canonical JSON. */
  digest: string;
  generatedAt: string;
  /** The key that signed the predecessor. */
  keyId: string;
  device: { model: string; serialNumber: string | null };
}

export function signedDigest(signed: SignedReport): string {
  return `sha256:${createHash('sha256').update(canonicalize(signed), 'utf8').digest('hex')}`;
}

interface LinkableReport {
  format?: unknown;
  generatedAt?: unknown;
  device?: { model?: unknown; serialNumber?: unknown };
}

export function linkTo(predecessor: SignedReport): PredecessorLink {
  const r = (predecessor.report ?? {}) as LinkableReport;
  return {
    format: String(r.format ?? ''),
    digest: signedDigest(predecessor),
    generatedAt: String(r.generatedAt ?? ''),
    keyId: predecessor.keyId,
    device: { model: String(r.device?.model ?? ''), serialNumber: typeof r.device?.serialNumber === 'string' ? r.device.serialNumber : null },
  };
}

export type ChainLinkProblem = 'predecessor-signature' | 'digest-mismatch' | 'other-device';

export interface ChainLinkVerdict {
  ok: boolean;
  problems: ChainLinkProblem[];
  messages: string[];
}

/** Whether `link` (from a later report) names exactly `predecessor`, and that predecessor is intact. */
export function verifyChainLink(link: PredecessorLink, predecessor: SignedReport): ChainLinkVerdict {
  const problems: ChainLinkProblem[] = [];
  const messages: string[] = [];
  if (!verifySignedReport(predecessor).valid) {
    problems.push('predecessor-signature');
    messages.push('The predecessor report was changed after it was signed (its signature does not match): it is not the report this one follows.');
  }
  if (signedDigest(predecessor) !== link.digest) {
    problems.push('digest-mismatch');
    messages.push(`The predecessor given is not the report this one follows: this report names ${link.digest.slice(0, 23)}…, the file given is ${signedDigest(predecessor).slice(0, 23)}….`);
  }
  const r = (predecessor.report ?? {}) as LinkableReport;
  if (r.device && (r.device.model !== link.device.model || (r.device.serialNumber ?? null) !== link.device.serialNumber)) {
    problems.push('other-device');
    messages.push(`The predecessor is a report of another device (${String(r.device.model)} ${String(r.device.serialNumber ?? '')}).`);
  }
  return { ok: problems.length === 0, problems, messages };
}
