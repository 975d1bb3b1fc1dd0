// Why a step cannot run now and what unlocks it. The same function decides the lock shown next to the
// disabled primary action and the refusal of runStep in main ('step-locked'), so the UI never offers
// what main would refuse. Reasons cite the guideline passage they come from.
import type { Bilingual, StepView } from '../../ipc/wizard-contract';
import { formatReference, formatReferences, ref, ruleById, type GuidelineReference, type Procedure, type ProcedureStep, type SettingsTableRow } from '../../commissioning/guideline';
import type { ControllerProfile } from '../../model/security-settings';
import type { LinkKind } from '../../links/link';
import { bilingualEach, joinList, msg, verbatim } from '../../messages/catalogue';

export type StepLock = NonNullable<StepView['lock']>;

export interface LockFacts {
  procedure: Procedure;
  /** Whether each step counts as finished for the steps after it. */
  complete: (step: ProcedureStep) => boolean;
  profile: ControllerProfile;
  profileValid: boolean;
  profileIssueCount: number;
  /** The link secrets would travel over now (the engine's, or the connection's before step 2). */
  linkKind: LinkKind | undefined;
  passwordsEntered: ReadonlySet<string>;
  /** The accounts whose passwords a write needs (a controller's users; the adapter's secrets). */
  accounts: readonly string[];
  usersWritten: boolean;
  /** An Administrator's password is in memory (the logon once the users are on the device). */
  administratorPasswordEntered: boolean;
  settingsTable: readonly SettingsTableRow<any, any>[];
}

const ownWork = (l: StepLock): StepLock => ({ ...l, ownWork: true });
const lock = (reason: Bilingual, references: GuidelineReference[], unlock: Bilingual): StepLock => ({ reason, references: references.map(formatReference), unlock });

/** The id of the trust-boundary attestation (2.4.7.1 B): the connect step's id, e.g. 'fig8.step2'. */
export function trustBoundaryAttestationId(procedure: Procedure): string {
  return procedure.steps.find((s) => s.kind === 'connect')!.id;
}

export function stepLock(step: ProcedureStep, facts: LockFacts): StepLock | undefined {
  const { procedure, profile } = facts;
  const stepRef = (s: ProcedureStep) => ref.figure(procedure.figure, String(s.number));
  const before = procedure.steps.filter((s) => s.number < step.number);
  const open = before.find((s) => !facts.complete(s));
  if (open)
    return lock(
      bilingualEach('lock.stepOpen.reason', (l) => ({ number: open.number, title: open.title[l] })),
      [stepRef(open)],
      msg('lock.stepOpen.unlock', { number: open.number }),
    );
  const attested = new Set(profile.attestations.map((a) => a.id));
  if (step.kind === 'operator-checklist' && !attested.has(step.id))
    return ownWork(lock(
      msg('lock.checklist.reason', { number: step.number }),
      step.references.slice(0, 2),
      msg('lock.checklist.unlock'),
    ));
  if (step.kind === 'write') {
    if (!facts.profileValid)
      return lock(
        msg('lock.profileInvalid.reason', { count: facts.profileIssueCount }),
        [stepRef(step)],
        msg('lock.profileInvalid.unlock'),
      );
    const missing = facts.accounts.filter((n) => !facts.passwordsEntered.has(n));
    if (!facts.usersWritten && missing.length)
      return lock(
        bilingualEach('lock.passwordsMissing.reason', (l) => ({ users: joinList(missing.map(verbatim))[l] })),
        [...ruleById('order.user-authentication-first').references.slice(0, 1), ref.section(({ 'mx-r': '2.4.4', 'mx-f': '3.4.4', 'wlan-adapter': '4.4.5' } as const)[procedure.system])],
        msg('lock.passwordsMissing.unlock'),
      );
    if (facts.linkKind === 'ethernet' && !attested.has(trustBoundaryAttestationId(procedure))) return trustBoundaryLock();
  }
  const talksToDevice = step.kind === 'write' || step.kind === 'restart' || step.kind === 'verification' || (step.kind === 'operator-checklist' && step.number > 2);
  if (talksToDevice && facts.usersWritten && !facts.administratorPasswordEntered)
    return lock(
      msg('lock.administratorLogon.reason'),
      [ref.section(procedure.system === 'mx-r' ? '2.4.4.3' : '3.4.4.3')],
      msg('lock.administratorLogon.unlock'),
    );
  if (step.kind === 'verification' && step.number === 14) {
    const open = facts.settingsTable.filter((r) => r.verification === 'attestation' && !attested.has(r.id) && !profile.exceptions.some((e) => e.rowId === r.id));
    if (open.length)
      return lock(
        bilingualEach('lock.attestRows.reason', (l) => ({ rows: joinList(open.map((r) => msg('guideline.tableRow', { table: r.table, row: r.row })))[l] })),
        open.flatMap((r) => r.references.slice(0, 1)),
        msg('lock.attestRows.unlock'),
      );
  }
  return undefined;
}

/** 2.4.7.1 B: passwords and the private key travel over plain Ethernet only from inside the trust boundary. */
export function trustBoundaryLock(): StepLock {
  const rule = ruleById('order.encryption-by-link');
  return lock(
    msg('lock.trustBoundary.reason'),
    rule.references.slice(0, 2),
    msg('lock.trustBoundary.unlock'),
  );
}

export const lockText = (l: StepLock): string => `${l.reason.en} ${l.unlock.en}${l.references.length ? ` (${l.references.join('; ')})` : ''}`;
export { formatReferences };
