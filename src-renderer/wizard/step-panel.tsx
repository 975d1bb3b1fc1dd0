// The current step's panel: what the app does, what the operator does, why (collapsed, with the
// guideline references and IEC 62443-4-2 ids), the step's own content, and ONE primary action that Enter
// triggers; when it cannot run, the lock reason and what unlocks it are written next to it.
import { Fragment, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { ModalDialog } from '../components/modal-dialog';
import { useTranslation } from 'react-i18next';
import type { SessionView, StepView } from '../../src-main/ipc/wizard-contract';
import { Icon } from '../components/icons';
import { StepStatusBadge } from '../components/step-status';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';
import { AttestationList, ChecklistItems, useAttestationItems } from './attestations';
import { CertificateExport } from './certificate-export';
import { SettingsForms } from './settings/settings-forms';
import { AdapterSecret, AdapterSettingsForms } from './settings/adapter-forms';
import { PasswordEntry } from './settings/password-entry';
import { WritePlan } from './write-plan';
import { PreviousAdministrator } from './previous-administrator';
import { KeepValues, SettingsParts } from './step-parts';

/** Main's reasons may already start with "Locked:"; the panel says it once. */
function withoutLockedPrefix(text: string): string {
  return text.replace(/^\s*(Locked:|ロック中[：:])\s*/, '');
}

/** Finished as far as going on is concerned ('written' goes on to the restart; step 11 verifies it). */
const DONE = new Set(['verified', 'attested', 'operator-performed', 'not-applicable', 'values-set', 'written']);

function Why({ step }: { step: StepView }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  return (
    <details className="why" data-testid="why">
      <summary>{t('wizard.panel.why')}</summary>
      {step.why?.length ? (
        <ul className="why__rows">
          {step.why.map((w) => (
            <li key={w.reference}>
              <strong>{w.reference}:</strong> {bi(w.text)}
            </li>
          ))}
        </ul>
      ) : null}
      {step.reconstructed ? (
        // Said once for the whole procedure (above the rail); the basis of this step belongs here.
        <p data-testid="step-reconstructed">{t('wizard.panel.reconstructed', { basis: step.reconstructed.basis.join('; ') })}</p>
      ) : null}
      <p>
        <strong>{t('wizard.panel.references')}</strong> {step.references.join(' · ')}
      </p>
      {step.iec.length ? (
        <p>
          <strong>{t('wizard.panel.iec')}</strong>{' '}
          {step.iec.map((r, i) => (
            <span key={r.id} className="iec" title={r.title}>
              {i > 0 ? ' · ' : ''}
              {r.id}
              {r.bestFit ? ` (${t('wizard.panel.bestFit')})` : ''} {r.title}
            </span>
          ))}
        </p>
      ) : null}
    </details>
  );
}

/** The test operation: the procedure's last verification step (step 14 of Figures 8 and 22, 16 of Figure 36). */
function isTestOperation(session: SessionView, step: StepView): boolean {
  return step.kind === 'verification' && session.steps.findLast((s) => s.kind === 'verification')?.id === step.id;
}

function primaryLabelKey(session: SessionView, step: StepView): string {
  if (isTestOperation(session, step)) return 'wizard.action.testOperation';
  return `wizard.action.${step.kind}`;
}

export function StepPanel({ session, step }: { session: SessionView; step: StepView }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const { runStep, selectStep, pending, setShowReport } = useWizardStore();
  const adapter = session.system === 'wlan-adapter';
  const testOperation = isTestOperation(session, step);
  const attestations = useAttestationItems(step, session.system === 'mx-f' ? 'mx-f' : 'mx-r', testOperation);
  const attested = new Set([...session.profile.attestations.map((a) => a.id), ...(session.attestations ?? []).filter((a) => a.attested).map((a) => a.id)]);
  const missingAttestations = attestations.filter((a) => !a.optional && !attested.has(a.id));
  const keyIssues = step.kind === 'settings' ? session.profileIssues.filter((i) => step.settingKeys.some((k) => i.path === `settings.${k}` || i.path.startsWith(`settings.${k}.`))) : [];
  const finished = DONE.has(step.status);
  const next = session.steps.find((x) => x.number > step.number);
  // Main names the accounts whose passwords are entered here (a controller's users, the adapter's secrets).
  const accounts = session.accounts ?? session.profile.settings.users.users.map((u) => u.name);
  const usersWithoutPassword = step.kind === 'write' && !finished ? accounts.filter((name) => !session.passwordsEntered.includes(name)).map((name) => ({ name })) : [];
  const isCurrent = step.id === session.currentStepId;
  const adminNames = session.administrators ?? (() => {
    const adminGroups = new Set(session.profile.settings.users.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
    return session.profile.settings.users.users.filter((u) => adminGroups.has(u.group)).map((u) => u.name);
  })();
  const administrators = adminNames.map((name) => ({ name }));
  const talksToDevice = step.kind === 'restart' || step.kind === 'verification' || (step.kind === 'operator-checklist' && step.number > 2);
  // After a resume (or an app restart) the app must log on again as an Administrator: ask for one.
  // A finished step locked for now (e.g. after the report, which wipes the passwords) asks for it too.
  const needsAdministrator = talksToDevice && (!DONE.has(step.status) || (step.again !== undefined && !step.again.permanent)) && !administrators.some((u) => session.passwordsEntered.includes(u.name));

  // Why the primary action is disabled, in words next to it (UX brief).
  // Main's own-work lock of a settings step: a change refused there (not applied) is settled first.
  const refusal = step.kind === 'settings' && step.status !== 'locked' && step.lock?.ownWork ? step.lock : undefined;
  let blocked: string | undefined;
  if (step.status === 'locked') blocked = undefined; // the lock notice says it
  else if (session.busy) blocked = t('wizard.blocked.busy');
  else if (refusal) blocked = `${withoutLockedPrefix(bi(refusal.reason))} ${bi(refusal.unlock)}${refusal.references.length ? ` (${refusal.references.join(', ')})` : ''}`;
  else if (keyIssues.length) blocked = t('wizard.blocked.issues', { count: keyIssues.length });
  else if (step.kind === 'operator-checklist' && missingAttestations.length) blocked = t('wizard.blocked.attest');
  else if (testOperation && missingAttestations.length) blocked = t('wizard.blocked.attestAll', { count: missingAttestations.length });
  else if (usersWithoutPassword.length) blocked = t('wizard.blocked.passwords', { users: usersWithoutPassword.map((u) => u.name).join(', ') });
  const disabled = step.status === 'locked' || blocked !== undefined || pending !== undefined;
  // The report exists after step 14 (a preview); step 15 issues it, then opening it is the action.
  const reportReady = step.kind === 'report' && session.report !== undefined && step.status === 'verified';
  const reportPreview = step.kind === 'report' && session.report !== undefined && !reportReady;
  // Why a finished step does not run again: shown (and referenced by the control's aria-describedby)
  // only when no lock notice takes its place and no run is going on.
  const againWhy = finished && step.again !== undefined && !session.busy && !(step.status === 'locked' && step.lock) ? step.again : undefined;

  // The focus never drops to the page: when the control that had it goes away (a box ticked, Confirm
  // turned into Continue, a dialog closed), it goes to the step's primary action, else its heading.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const target = panel.current?.querySelector<HTMLElement>('[data-primary-action]:not(:disabled)') ?? panel.current?.querySelector<HTMLElement>('#step-title');
    target?.focus();
  });

  const [confirmRestart, setConfirmRestart] = useState(false);
  const [checklistDone, setChecklistDone] = useState(false);

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (event.key !== 'Enter' || event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    // Enter inside a field or on another control keeps its own meaning.
    if (target.closest('input, textarea, select, button, summary, a, form')) return;
    event.preventDefault();
    event.currentTarget.querySelector<HTMLButtonElement>('[data-primary-action]:not(:disabled)')?.click();
  }

  return (
    <section ref={panel} className="step-panel" aria-labelledby="step-title" onKeyDown={onKeyDown} tabIndex={-1} data-testid="step-panel" data-step-id={step.id} data-step-kind={step.kind} data-step-status={step.status}>
      <header className="step-panel__head">
        <h2 id="step-title" tabIndex={-1}>
          {t('wizard.panel.stepTitle', { number: step.number, title: bi(step.title) })}
        </h2>
        <StepStatusBadge status={step.status} />
      </header>
      <dl className="step-panel__roles">
        <dt>{t('wizard.panel.appDoes')}</dt>
        <dd>{bi(step.appDoes)}</dd>
        <dt>{t('wizard.panel.operatorDoes')}</dt>
        <dd>{bi(step.operatorDoes)}</dd>
      </dl>
      {step.handsOn?.length ? (
        <section className="hands-on" aria-labelledby="hands-on-title" data-testid="hands-on">
          <h3 id="hands-on-title">
            <Icon name="device" /> {t('wizard.hands.title')}
          </h3>
          <ul>
            {step.handsOn.map((h, i) => (
              <li key={i}>
                {bi(h.text)} <span className="note">({h.reference ? t('wizard.hands.guideline', { reference: h.reference }) : t('wizard.hands.project')})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {step.recorded?.length ? (
        <dl className="step-panel__roles" data-testid="step-recorded">
          {step.recorded.map((r, i) => (
            <Fragment key={i}>
              <dt>{bi(r.label)}</dt>
              <dd>{bi(r.value)}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      <Why step={step} />
      {step.detail ? (
        <p className={`step-detail step-detail--${step.status}`} data-testid="step-detail">
          <Icon name={step.status === 'failed' ? 'error' : 'info'} /> {bi(step.detail)}
        </p>
      ) : null}

      {step.kind === 'settings' && adapter ? (
        <>
          <KeepValues keys={step.settingKeys} />
          <AdapterSettingsForms keys={step.settingKeys} />
        </>
      ) : null}
      {step.kind === 'settings' && !adapter && step.parts?.length ? <SettingsParts step={step} /> : null}
      {step.kind === 'settings' && !adapter && !step.parts?.length ? (
        <>
          <KeepValues keys={step.settingKeys} />
          <SettingsForms keys={step.settingKeys} />
        </>
      ) : null}
      {step.kind === 'write' ? (
        <>
          {usersWithoutPassword.length ? (
            <div className="settings-block" data-testid="passwords-needed">
              <h3>{t('wizard.write.passwordsTitle')}</h3>
              <p className="note">{t('wizard.write.passwordsLead')}</p>
              {usersWithoutPassword.map((u, i) =>
                adapter ? (
                  <AdapterSecret key={u.name} name={u.name as 'admin' | 'factory' | 'passphrase'} index={100 + i} />
                ) : (
                  <div key={u.name} className="password-row">
                    <strong>{u.name}</strong>
                    <PasswordEntry userName={u.name} index={100 + i} />
                  </div>
                ),
              )}
            </div>
          ) : null}
          <WritePlan items={session.writePlan} />
        </>
      ) : null}
      {/* The adapter's first device operation (4.4.8) tells a new unit (its factory password works) from a
          reused one (its current password is asked); its later ones need neither. */}
      {adapter && step.kind === 'device-operation' && !DONE.has(step.status) && session.steps.find((x) => x.kind === 'device-operation')?.id === step.id ? <AdapterSecret name="factory" index={150} /> : null}
      {step.kind === 'device-operation' && !DONE.has(step.status) && (!adapter || session.steps.find((x) => x.kind === 'device-operation')?.id === step.id) ? <PreviousAdministrator {...(adapter && administrators[0] ? { account: administrators[0].name } : {})} /> : null}
      {needsAdministrator ? (
        <div className="settings-block" data-testid="administrator-needed">
          <h3>{t('wizard.admin.title')}</h3>
          <p className="note">{t('wizard.admin.lead')}</p>
          {administrators.map((u, i) =>
            adapter ? (
              <AdapterSecret key={u.name} name={u.name as 'admin'} index={200 + i} />
            ) : (
              <div key={u.name} className="password-row">
                <strong>{u.name}</strong>
                <PasswordEntry userName={u.name} index={200 + i} />
              </div>
            ),
          )}
        </div>
      ) : null}
      {/* Step 13: the partners and the certificate first, then the tick that they are set. */}
      {step.kind === 'operator-checklist' && step.number === 13 ? <CertificateExport ready={finished || session.certificateReady === true} /> : null}
      {step.checklist?.length ? <ChecklistItems step={step} attested={attested.has(step.id)} onAllTicked={setChecklistDone} /> : null}
      {attestations.length ? <AttestationList items={attestations} {...(step.checklist?.length && !checklistDone ? { waitFor: t('wizard.attest.checklistFirst') } : {})} /> : null}

      <div className="primary-row">
        {reportReady ? (
          <button type="button" className="button button--primary" data-primary-action onClick={() => setShowReport(true)}>
            <Icon name="shield" /> {t('wizard.action.openReport')}
          </button>
        ) : finished && next && !session.busy ? (
          <>
            {/* Done: the one primary action moves on; running the step again stays at hand. */}
            {/* A problem main refused on this step (e.g. a change that would shut this PC out) is fixed
                before moving on: the step's recorded values still stand, but its form shows a refusal. */}
            <button type="button" className="button button--primary" data-primary-action disabled={pending !== undefined || keyIssues.length > 0 || refusal !== undefined} aria-describedby={keyIssues.length || refusal ? 'primary-why' : undefined} onClick={() => void selectStep(next.id)}>
              {t('wizard.action.continue', { number: next.number })}
            </button>
            {/* Main says when a finished step cannot run again (never repeated, or locked for now): the
                control is disabled and the reason is written next to it, never a press that does nothing. */}
            <button
              type="button"
              className="button button--quiet"
              disabled={pending !== undefined || step.status === 'locked' || step.again !== undefined}
              aria-describedby={againWhy ? 'again-why' : undefined}
              data-testid="run-again"
              onClick={() => void runStep(step.id)}
            >
              <Icon name="refresh" /> {step.kind === 'settings' ? t('wizard.action.confirmAgain') : t('wizard.action.again')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--primary"
            data-primary-action
            disabled={disabled}
            aria-describedby="primary-why"
            aria-busy={pending === 'running'}
            // The restart stops the controller and moves the link from USB to TLS: asked first, named.
            onClick={() => (step.kind === 'restart' ? setConfirmRestart(true) : void runStep(step.id))}
          >
            {pending === 'running' ? t('wizard.action.running') : t(primaryLabelKey(session, step))}
          </button>
        )}
        {reportPreview ? (
          <button type="button" className="button button--quiet" onClick={() => setShowReport(true)}>
            <Icon name="eye" /> {t('wizard.action.previewReport')}
          </button>
        ) : null}
        <span id="primary-why" className="primary-row__why" aria-live="polite">
          {step.status === 'locked' && step.lock ? (
            <span className="lock-reason" data-testid="lock-reason">
              <Icon name="lock" /> {t('wizard.panel.locked', { reason: withoutLockedPrefix(bi(step.lock.reason)), refs: step.lock.references.join(', ') })}{' '}
              <span className="lock-reason__unlock">{t('wizard.panel.unlock', { unlock: bi(step.lock.unlock) })}</span>
            </span>
          ) : againWhy ? (
            <span id="again-why" className="lock-reason" data-testid="again-reason">
              <Icon name={againWhy.permanent ? 'info' : 'lock'} /> {t('wizard.panel.notAgain', { reason: withoutLockedPrefix(bi(againWhy.reason)), refs: againWhy.references.join(', ') })}{' '}
              <span className="lock-reason__unlock">{bi(againWhy.unlock)}</span>
            </span>
          ) : blocked ? (
            <span className="lock-reason" data-testid="blocked-reason">
              <Icon name="info" /> {blocked}
            </span>
          ) : !isCurrent ? (
            <span className="note">{t('wizard.panel.notCurrent')}</span>
          ) : null}
        </span>
      </div>
      {confirmRestart ? (
        <ModalDialog titleId="restart-title" describedBy="restart-text" onCancel={() => setConfirmRestart(false)} testId="restart-confirm">
          <h2 id="restart-title">
            <Icon name="warning" /> {t('wizard.restartConfirm.title', { model: session.model })}
          </h2>
          <p id="restart-text">{t('wizard.restartConfirm.text')}</p>
          <p className="note">{t('wizard.restartConfirm.consequences')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              data-autofocus
              onClick={() => {
                setConfirmRestart(false);
                void runStep(step.id);
              }}
            >
              {t('wizard.restartConfirm.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmRestart(false)}>
              {t('wizard.restartConfirm.cancel')}
            </button>
          </div>
        </ModalDialog>
      ) : null}
    </section>
  );
}
