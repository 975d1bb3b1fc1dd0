// Disposal of a known device (2.6 / 3.6): the consequence named, the model typed to confirm (irreversible),
// an optional final backup, the SD card's fate and where the device goes, then what the device reported
// after the initialization and the signed disposal certificate. Main checks, runs and decides everything.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { IpcError, KnownDevice } from '../../src-main/ipc/contract';
import type { DisposalExportKind, DisposalView, LifecycleRequest } from '../../src-main/ipc/lifecycle-contract';
import { bridge } from '../bridge/current-bridge';
import { useAppStore } from '../state/app-store';
import { Icon } from '../components/icons';
import { downloadExport } from '../wizard/download';
import { AdministratorLogon, logonTyped, type AdministratorLogonValue } from '../components/administrator-logon';
import { DeviceScreenFrame, SubmitWithReason } from './device-screen-frame';

type DisposalRequest = Omit<LifecycleRequest<'disposal:run'>, 'deviceId'>;
const SD_CARD = ['removed-kept', 'removed-destroyed', 'none-inserted'] as const;
const DESTINATIONS = ['disposal', 'transfer', 'reuse-in-plant', 'return-to-vendor'] as const;

interface DisposalState {
  device: KnownDevice | undefined;
  busy: boolean;
  error: IpcError | undefined;
  result: DisposalView | undefined;
  saved: string | undefined;
  open(device: KnownDevice): void;
  run(request: DisposalRequest): Promise<void>;
  exportFile(kind: DisposalExportKind): Promise<void>;
}

export const useDisposalStore = create<DisposalState>()((set, get) => ({
  device: undefined,
  busy: false,
  error: undefined,
  result: undefined,
  saved: undefined,
  open(device) {
    set({ device, busy: false, error: undefined, result: undefined, saved: undefined });
  },
  async run(request) {
    const device = get().device;
    if (!device || get().busy) return;
    set({ busy: true, error: undefined });
    const r = await bridge().invoke('disposal:run', { deviceId: device.deviceId, ...request });
    set(r.ok ? { busy: false, result: r.value } : { busy: false, error: r.error });
  },
  async exportFile(kind) {
    if (get().busy) return;
    set({ busy: true, error: undefined });
    const r = await bridge().invoke('disposal:export', { kind });
    set(r.ok ? { busy: false, saved: r.value.savedTo } : { busy: false, error: r.error });
    if (r.ok) downloadExport(r.value);
  },
}));

export function DisposalScreen(): ReactElement {
  const { t, i18n } = useTranslation();
  const { device, busy, error, result, run, exportFile, saved } = useDisposalStore();
  const printsPdfInMain = useAppStore((s) => s.appInfo?.host === 'electron');
  const ja = i18n.language === 'ja';
  const [operator, setOperator] = useState('');
  const [logon, setLogon] = useState<AdministratorLogonValue>({ user: '', password: '' });
  const [backup, setBackup] = useState('');
  const [typed, setTyped] = useState('');
  const [sdCard, setSdCard] = useState<(typeof SD_CARD)[number] | ''>('');
  const [destination, setDestination] = useState<(typeof DESTINATIONS)[number]>('disposal');
  const model = device?.model ?? '';
  const ready = !busy && operator.trim() !== '' && logonTyped(logon) && typed.trim() !== '' && sdCard !== '';
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready || !sdCard) return;
    const request: DisposalRequest = { operatorName: operator.trim(), userName: logon.user.trim(), password: logon.password, typedModel: typed.trim(), sdCard, destination, ...(backup ? { backupPassword: backup } : {}) };
    setLogon({ ...logon, password: '' });
    setBackup('');
    await run(request);
  }
  return (
    <DeviceScreenFrame id="disposal" title={t('lifecycle.disposal.title', { model })} lead={t('lifecycle.disposal.lead')} error={error}>
      {result ? (
        <section className="panel" aria-labelledby="disposal-done" data-testid="disposal-result">
          <h2 id="disposal-done" className={`step-status step-status--${result.factoryState ? 'pass' : 'fail'}`}>
            <Icon name={result.factoryState ? 'verified' : 'error'} /> {result.factoryState ? t('lifecycle.disposal.done', { model: result.model, path: result.certificate.savedTo }) : t('lifecycle.disposal.notFactory', { model: result.model })}
          </h2>
          {result.pinRemoved ? <p data-testid="disposal-pin-removed">{t('lifecycle.disposal.pinRemoved')}</p> : null}
          <table className="grid-table" data-testid="disposal-readings">
            <caption>{t('lifecycle.disposal.readings', { link: result.verifiedOver })}</caption>
            <tbody>
              {result.readings.map((r) => (
                <tr key={r.what}>
                  <th scope="row" lang="en">
                    {r.what}
                  </th>
                  <td lang="en">{r.value}</td>
                  <td className={`step-status step-status--${r.factory ? 'pass' : 'fail'}`}>
                    <Icon name={r.factory ? 'check' : 'error'} /> {r.factory ? t('lifecycle.disposal.factory') : t('lifecycle.disposal.notFactoryReading')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" className="button button--primary" onClick={() => downloadExport(result.certificate)}>
              <Icon name="download" /> {t('lifecycle.disposal.save')}
            </button>{' '}
            <button type="button" className="button" disabled={busy} onClick={() => void exportFile(ja ? 'disposal-certificate-html-ja' : 'disposal-certificate-html')}>
              <Icon name="download" /> {t('lifecycle.disposal.exportHtml')}
            </button>{' '}
            {printsPdfInMain ? (
              <button type="button" className="button" disabled={busy} onClick={() => void exportFile(ja ? 'disposal-certificate-pdf-ja' : 'disposal-certificate-pdf')}>
                <Icon name="print" /> {t('lifecycle.disposal.exportPdf')}
              </button>
            ) : null}
          </p>
          {saved ? (
            <p className="note" role="status" data-testid="disposal-export-saved">
              {t('lifecycle.visit.saved', { path: saved })}
            </p>
          ) : null}
        </section>
      ) : (
        <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="disposal-title">
          <p className="notice notice--error">
            <Icon name="warning" /> <span>{t('lifecycle.disposal.irreversible', { model })}</span>
          </p>
          <div className="field">
            <label htmlFor="disposal-operator">{t('lifecycle.visit.operator')}</label>
            <input id="disposal-operator" type="text" autoComplete="name" value={operator} onChange={(e) => setOperator(e.target.value)} />
          </div>
          <AdministratorLogon idPrefix="disposal" value={logon} onChange={setLogon} />
          <div className="field">
            <label htmlFor="disposal-backup">{t('lifecycle.disposal.backupPassword')}</label>
            <input id="disposal-backup" type="password" autoComplete="new-password" aria-describedby="disposal-backup-hint" value={backup} onChange={(e) => setBackup(e.target.value)} />
            <span id="disposal-backup-hint" className="field__hint">
              {t('lifecycle.disposal.backupHint')}
            </span>
          </div>
          <fieldset>
            <legend>{t('lifecycle.disposal.sdCard')}</legend>
            {SD_CARD.map((v) => (
              <label key={v} className="field">
                <span>
                  <input type="radio" name="disposal-sd" value={v} checked={sdCard === v} onChange={() => setSdCard(v)} /> {t(`lifecycle.disposal.sd.${v}`)}
                </span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="disposal-destination">{t('lifecycle.disposal.destination')}</label>
            <select id="disposal-destination" value={destination} onChange={(e) => setDestination(e.target.value as (typeof DESTINATIONS)[number])}>
              {DESTINATIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`lifecycle.disposal.dest.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="disposal-model">{t('lifecycle.disposal.typeModelLabel')}</label>
            <input id="disposal-model" type="text" autoComplete="off" spellCheck={false} aria-describedby="disposal-model-hint" value={typed} onChange={(e) => setTyped(e.target.value)} />
            <span id="disposal-model-hint" className="field__hint">
              {t('lifecycle.disposal.typeModel', { model })}
            </span>
          </div>
          <SubmitWithReason id="disposal" icon="warning" label={t('lifecycle.disposal.run')} ready={ready} busy={busy} running={t('lifecycle.disposal.running')} needs={t('lifecycle.disposal.needs')} danger />
        </form>
      )}
    </DeviceScreenFrame>
  );
}
