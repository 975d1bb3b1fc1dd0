// One item of the test-operation battery of step 14: a check of a row of Table 17 (MX-R) / Table 35 (MX-F)
// "Operation verification item of the security function", run against the device through its driver and
// this PC's own sockets. Each check returns pass / fail / not-run with the evidence a technician can
// re-read in the compliance report; disruptive ones run only after the operator confirmed that check.
import type { ControllerCapabilities, ControllerSecurityDriver, WriteOptions } from '../../devices/controller-security-driver';
import type { ControllerProfile } from '../../model/security-settings';
import type { Bilingual } from '../guideline/types';
import type { CommissioningSecrets } from '../commissioning-secrets';
import { bilingualEach, render, type Language, type Message, type MessageId, type MessageParams } from '../../messages/catalogue';
import { isAppError } from '../../messages/app-error';

export type VerificationStatus = 'pass' | 'fail' | 'not-run';

export interface VerificationEvidence {
  /** What was observed and what was found, in English (the JSON, the CLI) ... */
  what: string;
  value: string;
  /** ... and the same as catalogue messages (id and parameters): the report and views say them in their language. */
  text?: { what: Message; value: Message };
}

/** What a check found. Never a password: evidence names users, codes and times only. */
export interface CheckOutcome {
  status: VerificationStatus;
  evidence: VerificationEvidence[];
  /** Why it failed or was not run, in the technician's words: English (the JSON, the CLI) ... */
  reason?: string;
  /** ... and in both languages from the catalogue (the report shows the one of its language). */
  reasonText?: Bilingual;
}

/** What the operator is shown before a disruptive check (the wizard's 'confirm-disruptive' question). */
export interface DisruptiveCheckView {
  checkId: string;
  /** 'table17.row3' / 'table35.row3' */
  rowId: string;
  title: Bilingual;
  /** What the check does to the device while it runs and how it is put back. */
  consequences: Bilingual[];
}

export interface VerificationContext {
  profile: ControllerProfile;
  operatorName: string;
  capabilities: ControllerCapabilities;
  /** The engine's session, logged on as an Administrator of the profile when user authentication is on. */
  driver: ControllerSecurityDriver;
  /** A second session at the engine's endpoint (same link kind, same pin): logon tests never touch the engine's. */
  openSession(): Promise<ControllerSecurityDriver>;
  /** The device's TLS listener and the pinned fingerprint, when the profile uses TLS and the device is pinned. */
  tls?: { host: string; port: number; fingerprint256: string };
  /** The device's Ethernet address, when known (TLS listener or TCP target). */
  deviceHost?: string;
  /** This PC's address on the controller's network. */
  pcAddress?: string;
  secrets: CommissioningSecrets;
  writeOptions: WriteOptions;
  now: () => Date;
}

export interface VerificationCheck {
  /** Stable id, e.g. 'row3.logon'. */
  id: string;
  /** Row of Table 17 / Table 35 it verifies (the two tables share the row numbers 1-10). */
  row: number;
  title: Bilingual;
  disruptive: boolean;
  /** Only for the MX-F (Table 35 extras). */
  mxFOnly?: boolean;
  consequences?: Bilingual[];
  /** Bound of the whole check; past it the check fails (its own clean-up still runs). */
  timeoutMs: number;
  run(ctx: VerificationContext): Promise<CheckOutcome>;
}

export interface VerificationResult {
  checkId: string;
  rowId: string;
  table: '17' | '35';
  row: number;
  title: Bilingual;
  /** The guideline references of the row (table line and section). */
  references: string;
  disruptive: boolean;
  status: VerificationStatus;
  evidence: VerificationEvidence[];
  reason?: string;
  reasonText?: Bilingual;
  /** Set when a disruptive check was not confirmed: the operator who declined it. */
  declinedBy?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

export const pass = (evidence: VerificationEvidence[]): CheckOutcome => ({ status: 'pass', evidence });
/** A reason from the catalogue: its English as `reason`, both languages as `reasonText`. */
export const because = (reason: Bilingual): Pick<CheckOutcome, 'reason' | 'reasonText'> => ({ reason: reason.en, reasonText: reason });
export const fail = (reason: Bilingual, evidence: VerificationEvidence[] = []): CheckOutcome => ({ status: 'fail', evidence, ...because(reason) });
export const notRun = (reason: Bilingual, evidence: VerificationEvidence[] = []): CheckOutcome => ({ status: 'not-run', evidence, ...because(reason) });

/** A catalogue message (id and parameters) as evidence and reasons carry it. */
export const said = (id: MessageId, params?: MessageParams): Message => (params ? { id, params } : { id });
/** A reading that is a value in every language (a version, a count, a state the device names). */
export const verbatimReading = (value: string | number): Message => said('checkEvidence.value.verbatim', { value });
/** One line of evidence from the catalogue: its English as `what` / `value`, the messages as `text`. */
export function evidence(what: Message, value: Message): VerificationEvidence {
  return { what: render(what.id, what.params, 'en'), value: render(value.id, value.params, 'en'), text: { what, value } };
}
/** A refusal code of the device or the link ('no-authority', 'link:timeout'), or 'accepted' as ACCEPTED. */
export const refusalReading = (code: string, acceptedIs: 'alarm' | 'plain' = 'alarm'): Message =>
  code === 'accepted' ? said(acceptedIs === 'alarm' ? 'checkEvidence.value.accepted' : 'checkEvidence.value.acceptedPlain') : said('checkEvidence.value.refused', { code });

/**
 * A reason whose `detail` parameter is an error: an AppError says it in each language (its English keeps
 * the specifics); any other error is shown by its own text.
 */
export function becauseOfError(id: MessageId, error: unknown, params: MessageParams = {}): Bilingual {
  const detail = (l: Language): string => (isAppError(error) && l !== 'en' ? error.text(l) : (error as Error).message);
  return bilingualEach(id, (l) => ({ ...params, detail: detail(l) }));
}
