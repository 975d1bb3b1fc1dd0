import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnownDevice, PracticeModel, SystemId } from '../../src-main/ipc/contract';
import { bridge } from '../bridge/current-bridge';
import { ScreenHeading } from '../components/screen-heading';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { useWizardStore } from '../state/wizard-store';
import { RequestError } from '../wizard/wizard-notices';
import { PRACTICE_MODEL_OF } from '../../src-main/ipc/practice-models';
import { KnownDeviceActions } from '../lifecycle/known-device-actions';

// Every system is commissioned in the wizard: the adapter (Figure 36) with its practice access point and station.
const AVAILABLE: Record<SystemId, boolean> = { 'mx-r': true, 'mx-f': true, 'wlan-adapter': true };

function SystemChoice({ system, model }: { system: SystemId; model: PracticeModel | undefined }): ReactElement {
  const { t } = useTranslation();
  const choose = useAppStore((s) => s.chooseSystem);
  const available = AVAILABLE[system];
  const noteId = `system-note-${system}`;
  return (
    <li className={`choice${available ? '' : ' choice--unavailable'}`}>
      <button
        type="button"
        className="choice__button"
        aria-disabled={!available}
        aria-describedby={noteId}
        onClick={() => available && choose(system)}
      >
        <Icon name="device" />
        <span className="choice__name">{t('home.choose', { system: t(`system.${system}.name`) })}</span>
        <span className="choice__full">{t(`system.${system}.full`)}</span>
      </button>
      <p id={noteId} className="choice__note">
        {available && system === 'wlan-adapter' ? (
          <>
            <Icon name="practice" /> {t('home.practiceAdapters')}
          </>
        ) : available && model ? (
          <>
            <Icon name="practice" /> {t('home.practice', { model })}
          </>
        ) : (
          t('home.adapterLater')
        )}
      </p>
    </li>
  );
}

/** Unfinished sessions (wizard:sessions) with what was already verified; Resume continues one. */
function ResumeSessions(): ReactElement | null {
  const { t, i18n } = useTranslation();
  const { sessions, loadSessions, resume, pending, session, setShowReport } = useWizardStore();
  const openProcedure = useAppStore((s) => s.openProcedure);
  useEffect(() => void loadSessions(), [loadSessions]);
  // The session still open in main may be finished (its last step done): that one is not "unfinished".
  const finished = session !== null && session.steps.at(-1)?.status === 'verified';
  const others = (sessions ?? []).filter((s) => s.sessionId !== session?.sessionId);
  if (!others.length && !session) return null;
  if (finished && session && !others.length) {
    return (
      <section className="panel resume" aria-labelledby="resume-title" data-testid="finished-session">
        <h2 id="resume-title">
          <Icon name="shield" /> {t('wizard.resume.finishedTitle')}
        </h2>
        <p>{t('wizard.resume.finished', { model: session.model })}</p>
        <p>
          <button type="button" className="button" onClick={() => (openProcedure(), setShowReport(true))}>
            {t('wizard.resume.openReport', { model: session.model })}
          </button>
        </p>
      </section>
    );
  }
  return (
    <section className="panel resume" aria-labelledby="resume-title" data-testid="resume-sessions">
      <h2 id="resume-title">
        <Icon name="refresh" /> {t('wizard.resume.title')}
      </h2>
      {session && !finished ? (
        <p>
          <button type="button" className="button button--primary" onClick={openProcedure}>
            {t('wizard.resume.backTo', { model: session.model })}
          </button>
        </p>
      ) : null}
      <ul className="device-list">
        {others.map((s) => (
            <li key={s.sessionId} data-testid="resume-session">
              <span>
                <strong>{s.model}</strong> · {t(`system.${s.system}.name`)} · {t('wizard.resume.verified', { verified: s.verifiedSteps, total: s.totalSteps })} ·{' '}
                <span className="note">{t('wizard.resume.last', { at: new Date(s.lastActivityAt).toLocaleString(i18n.language) })}</span>
              </span>
              <button
                type="button"
                className="button"
                disabled={pending !== undefined}
                onClick={() => void resume(s.sessionId).then((ok) => ok && openProcedure())}
                aria-label={t('wizard.resume.buttonFor', { model: s.model, at: new Date(s.startedAt).toLocaleString(i18n.language) })}
              >
                {t('wizard.resume.button')}
              </button>
            </li>
          ))}
      </ul>
      <RequestError />
    </section>
  );
}

/**
 * The devices this installation knows (main reads the registry of pins): each with its last report, its
 * next periodic check and its certificate expiry on the 2.4.7.3 calendar. Main decides every status; the
 * list only shows it. A disposed device has left the registry and the list.
 */
function KnownDevices(): ReactElement | null {
  const { t, i18n } = useTranslation();
  const [devices, setDevices] = useState<KnownDevice[] | undefined>();
  useEffect(() => {
    let live = true;
    void bridge()
      .invoke('devices:known')
      .then((r) => live && r.ok && setDevices(r.value));
    return () => {
      live = false;
    };
  }, []);
  if (!devices) return null;
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  return (
    <section className="panel known-devices" aria-labelledby="known-title" data-testid="known-devices">
      <h2 id="known-title">
        <Icon name="device" /> {t('home.known.title')}
      </h2>
      {devices.length === 0 ? (
        <p className="note">{t('home.known.empty')}</p>
      ) : (
        <ul className="device-list">
          {devices.map((d) => (
            <li key={d.deviceId} data-testid="known-device">
              <span>
                <strong>{d.model}</strong>
                {d.serial ? <> · {t('home.known.serial', { serial: d.serial })}</> : null}
              </span>
              <span className="note">
                {d.lastReport
                  ? t('home.known.lastReport', { kind: t(`home.known.kind.${d.lastReport.kind}`), at: day(d.lastReport.at) })
                  : t('home.known.noReport', { at: day(d.pinnedAt) })}
              </span>
              <span className={d.nextCheck.overdue || d.nextCheck.dueSoon ? 'known-devices__warning' : 'note'} data-testid="known-device-next-check" data-standing={d.nextCheck.overdue ? 'overdue' : d.nextCheck.dueSoon ? 'due-soon' : 'scheduled'}>
                {d.nextCheck.overdue ? t('home.known.overdue', { due: day(d.nextCheck.due) }) : d.nextCheck.dueSoon ? t('home.known.dueSoon', { due: day(d.nextCheck.due) }) : t('home.known.nextCheck', { due: day(d.nextCheck.due) })}
              </span>
              <span className={d.certificate.standing === 'valid' ? 'note' : 'known-devices__warning'} data-testid="known-device-certificate">
                {t(`home.known.certificate.${d.certificate.standing}`, { date: day(d.certificate.notAfter), days: d.certificate.daysLeft })}
              </span>
              <KnownDeviceActions device={d} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HomeScreen(): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="screen" aria-labelledby="home-title">
      <ScreenHeading id="home-title">{t('home.title')}</ScreenHeading>
      <p className="lead">{t('home.lead')}</p>
      <ResumeSessions />
      <KnownDevices />
      <ul className="choices">
        {(['mx-r', 'mx-f', 'wlan-adapter'] as const).map((system) => (
          <SystemChoice key={system} system={system} model={PRACTICE_MODEL_OF[system]} />
        ))}
      </ul>
    </section>
  );
}
