// The maintenance visit of a known device (issue 11; Tables 15/17/18 and 33/35/36): what it will do and
// over which link, the Administrator's logon, the disruptive checks ticked one by one, then the drift
// with both values and the guideline reference, the checks, the signed visit report chained to the last
// report, and the event history. Main runs and decides everything; the screen shows it.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitCheckView, VisitExportKind } from '../../src-main/ipc/lifecycle-contract';
import { ScreenHeading } from '../components/screen-heading';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useAppStore } from '../state/app-store';
import { downloadExport } from '../wizard/download';
import { EventHistoryViewer } from './event-history-viewer';
import { IpcErrorNotice } from '../components/ipc-error-notice';
import { AdministratorLogon, logonTyped, type AdministratorLogonValue } from '../components/administrator-logon';
import { useVisitStore } from './visit-store';

const STATUS_ICON = { pass: 'check', fail: 'failed', warning: 'warning', 'not-run': 'na' } as const;

function VisitError(): ReactElement | null {
  const error = useVisitStore((s) => s.error);
  const dismiss = useVisitStore((s) => s.dismissError);
  return <IpcErrorNotice error={error} testId="visit-error" onDismiss={dismiss} />;
}

function Checks({ id, title, checks }: { id: string; title: string; checks: VisitCheckView[] }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  return (
    <section className="panel" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      <ul className="device-list">
        {checks.map((c) => (
          <li key={c.id} data-testid="visit-check" data-status={c.status}>
            <span>
              <span className={`step-status step-status--${c.status}`}>
                <Icon name={STATUS_ICON[c.status]} /> {t(`lifecycle.visit.status.${c.status}`)}
              </span>{' '}
              <strong>{bi(c.title)}</strong> <span className="note">({c.reference})</span>
            </span>
            {c.reason || c.evidence.length ? (
              <details>
                <summary>{t('lifecycle.visit.evidence')}</summary>
                {c.reason ? <p>{bi(c.reason)}</p> : null}
                <ul>
                  {c.evidence.map((e, i) => (
                    <li key={i}>{bi(e)}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function VisitForm(): ReactElement {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const { plan, busy, run, last } = useVisitStore();
  const [operator, setOperator] = useState(last?.operatorName ?? '');
  const [logon, setLogon] = useState<AdministratorLogonValue>({ user: last?.userName ?? '', password: '' });
  const [backup, setBackup] = useState('');
  const [disruptive, setDisruptive] = useState<string[]>([]);
  if (!plan) return <p className="note">…</p>;
  const ready = !plan.blocked && operator.trim() !== '' && logonTyped(logon) && busy === undefined;
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready) return;
    const request = { operatorName: operator.trim(), userName: logon.user.trim(), password: logon.password, ...(backup ? { backupPassword: backup } : {}), disruptive };
    // Nothing secret stays on screen once it was sent.
    setLogon({ ...logon, password: '' });
    setBackup('');
    await run(request);
  }
  const runLabel = plan.unfinished ? t('lifecycle.visit.resume') : t('lifecycle.visit.run');
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="visit-form-title">
      <h2 id="visit-form-title" className="visually-hidden">
        {runLabel}
      </h2>
      {plan.unfinished ? (
        <p className="notice notice--info" data-testid="visit-unfinished">
          <Icon name="refresh" />{' '}
          <span>{t('lifecycle.visit.unfinished', { at: new Date(plan.unfinished.startedAt).toLocaleString(i18n.language), steps: plan.unfinished.stepsDone })}</span>
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="visit-operator">{t('lifecycle.visit.operator')}</label>
        <input id="visit-operator" type="text" autoComplete="name" value={operator} onChange={(e) => setOperator(e.target.value)} />
      </div>
      <AdministratorLogon idPrefix="visit" value={logon} onChange={setLogon} />
      <div className="field">
        <label htmlFor="visit-backup">{t('lifecycle.visit.backupPassword')}</label>
        <input id="visit-backup" type="password" autoComplete="new-password" aria-describedby="visit-backup-hint" value={backup} onChange={(e) => setBackup(e.target.value)} />
        <span id="visit-backup-hint" className="field__hint">
          {t('lifecycle.visit.backupHint')}
        </span>
      </div>
      <fieldset data-testid="visit-disruptive">
        <legend>{t('lifecycle.visit.disruptiveTitle')}</legend>
        <p className="note">{t('lifecycle.visit.disruptiveHint')}</p>
        {plan.disruptive.map((c) => (
          <div key={c.checkId} className="field">
            <label>
              <input
                type="checkbox"
                checked={disruptive.includes(c.checkId)}
                onChange={(e) => setDisruptive((d) => (e.target.checked ? [...d, c.checkId] : d.filter((x) => x !== c.checkId)))}
              />{' '}
              <strong>{bi(c.title)}</strong> <span className="note">({c.reference})</span>
            </label>
            <ul className="note">
              {c.consequences.map((x, i) => (
                <li key={i}>{bi(x)}</li>
              ))}
            </ul>
          </div>
        ))}
      </fieldset>
      <p>
        <button type="submit" className="button button--primary" aria-disabled={!ready} aria-describedby="visit-run-why">
          <Icon name="shield" /> {runLabel}
        </button>{' '}
        <span id="visit-run-why" className="note">
          {plan.blocked ? bi(plan.blocked) : busy === 'visit' ? t('lifecycle.visit.running') : ready ? '' : t('lifecycle.visit.needs')}
        </span>
      </p>
      {busy === 'visit' ? (
        <p className="step-status step-status--in-progress" role="status" data-testid="visit-running">
          <Icon name="progress" /> {t('lifecycle.visit.running')}
        </p>
      ) : null}
    </form>
  );
}

function VisitResult(): ReactElement | null {
  const { t, i18n } = useTranslation();
  const { result, exportFile, saved, busy, again } = useVisitStore();
  const printsPdfInMain = useAppStore((s) => s.appInfo?.host === 'electron');
  if (!result) return null;
  const ja = i18n.language === 'ja';
  const s = result.summary;
  const save = async (kind: VisitExportKind) => {
    const file = await exportFile(kind);
    if (file) downloadExport(file);
  };
  return (
    <>
      <section className="panel" aria-labelledby="visit-result-title" data-testid="visit-result">
        <h2 id="visit-result-title">{t('lifecycle.visit.result')}</h2>
        <p className={`step-status step-status--${s.ok ? 'pass' : 'fail'}`} data-testid="visit-summary">
          <Icon name={s.ok ? 'verified' : 'warning'} /> {s.ok ? t('lifecycle.visit.summaryOk') : t('lifecycle.visit.summaryFindings', { drift: s.drift, failed: s.failed, warnings: s.warnings, notRun: s.notRun })}
        </p>
        {result.certificate ? (
          <p className={result.certificate.standing === 'valid' ? 'note' : 'known-devices__warning'} data-testid="visit-certificate">
            {t(`home.known.certificate.${result.certificate.standing}`, { date: new Date(result.certificate.notAfter).toLocaleDateString(i18n.language), days: result.certificate.daysLeft })}
          </p>
        ) : null}
        {result.nextPeriodicCheck ? (
          <p className="note" data-testid="visit-next-check">
            {t('home.known.nextCheck', { due: new Date(result.nextPeriodicCheck).toLocaleDateString(i18n.language) })}
          </p>
        ) : null}
        <p className="note" data-testid="visit-signed">
          {t('lifecycle.visit.signed', { path: result.savedTo, predecessor: result.predecessorDigest.slice(0, 23) })}
        </p>
        <p className="button-row">
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save('visit-report-json')}>
            <Icon name="download" /> {t('lifecycle.visit.exportReport')}
          </button>{' '}
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save(ja ? 'visit-report-html-ja' : 'visit-report-html')}>
            <Icon name="download" /> {t('lifecycle.visit.exportHtml')}
          </button>{' '}
          {printsPdfInMain ? (
            <>
              <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save(ja ? 'visit-report-pdf-ja' : 'visit-report-pdf')}>
                <Icon name="print" /> {t('lifecycle.visit.exportPdf')}
              </button>{' '}
            </>
          ) : null}
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save('events-csv')}>
            <Icon name="download" /> {t('lifecycle.visit.exportCsv')}
          </button>{' '}
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save('events-json')}>
            <Icon name="download" /> {t('lifecycle.visit.exportSigned')}
          </button>{' '}
          <button type="button" className="button button--quiet" disabled={busy !== undefined} onClick={again}>
            <Icon name="refresh" /> {t('lifecycle.visit.another')}
          </button>
        </p>
        {saved ? (
          <p className="note" role="status" data-testid="visit-export-saved">
            {t('lifecycle.visit.saved', { path: saved })}
          </p>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="visit-drift-title" data-testid="visit-drift">
        <h2 id="visit-drift-title">{t('lifecycle.visit.drift')}</h2>
        {result.noDrift ? (
          <p className="step-status step-status--pass" data-testid="visit-no-drift">
            <Icon name="check" /> {t('lifecycle.visit.noDrift')}
          </p>
        ) : (
          <>
            <p className="step-status step-status--fail">
              <Icon name="warning" /> {t('lifecycle.visit.driftCount', { count: result.drift.length })}
            </p>
            <table className="grid-table">
              <thead>
                <tr>
                  <th scope="col">{t('lifecycle.visit.setting')}</th>
                  <th scope="col">{t('lifecycle.visit.atBaseline')}</th>
                  <th scope="col">{t('lifecycle.visit.now')}</th>
                  <th scope="col">{t('lifecycle.visit.reference')}</th>
                </tr>
              </thead>
              <tbody>
                {result.drift.map((d) => (
                  <tr key={d.path} data-testid="drift-item" data-path={d.path}>
                    <th scope="row">
                      <code>{d.path}</code>
                    </th>
                    <td data-testid="drift-baseline">{d.baseline}</td>
                    <td data-testid="drift-now">{d.now}</td>
                    <td>{d.references}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <Checks id="visit-continuous" title={t('lifecycle.visit.continuous')} checks={result.continuous} />
      <Checks id="visit-verification" title={t('lifecycle.visit.verification')} checks={result.verification} />
      <Checks id="visit-setting-checks" title={t('lifecycle.visit.settingChecks')} checks={result.settingChecks} />
      <EventHistoryViewer events={result.events} />
    </>
  );
}

export function VisitScreen(): ReactElement {
  const { t, i18n } = useTranslation();
  const goHome = useAppStore((s) => s.goHome);
  const { plan, deviceId, open, result } = useVisitStore();
  useEffect(() => {
    if (deviceId && !plan) void open(deviceId);
    // Only when the screen opens: open() itself sets the plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section className="screen" aria-labelledby="visit-title" data-testid="visit-screen">
      <p>
        <button type="button" className="button button--quiet" onClick={goHome}>
          <Icon name="arrow-left" /> {t('lifecycle.visit.back')}
        </button>
      </p>
      <ScreenHeading id="visit-title">{t('lifecycle.visit.title', { model: plan?.model ?? '' })}</ScreenHeading>
      <p className="lead">{t('lifecycle.visit.lead')}</p>
      {plan ? (
        <>
          <p className="note" data-testid="visit-link">
            <Icon name="lock" /> {t('lifecycle.visit.link', { endpoint: plan.link.endpoint, fingerprint: plan.link.fingerprint256.slice(0, 23) })} ·{' '}
            {t(`home.known.certificate.${plan.link.standing}`, { date: new Date(plan.link.notAfter).toLocaleDateString(i18n.language), days: plan.link.daysLeft })}
          </p>
          {plan.baseline ? (
            <p className="note" data-testid="visit-baseline">
              {t('lifecycle.visit.baseline', { kind: t(`home.known.kind.${plan.baseline.kind}`), at: new Date(plan.baseline.at).toLocaleString(i18n.language), digest: plan.baseline.digest.slice(0, 23) })}
            </p>
          ) : null}
        </>
      ) : null}
      <VisitError />
      {/* One primary action per screen: the form until the visit ran, then its result ("Visit again"). */}
      {result ? <VisitResult /> : <VisitForm key={plan?.baseline?.digest ?? 'none'} />}
    </section>
  );
}
