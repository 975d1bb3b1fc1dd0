// Disposal of a known device (2.6 / 3.6): the consequence named, the model typed to confirm (irreversible),
// an optional final backup, the SD card's fate and where the device goes, then what the device reported
// after the initialization and the signed disposal certificate. Main checks, runs and decides everything.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { LifecycleRequest } from '../../src-main/ipc/lifecycle-contract';
import { Icon } from '../components/icons';
import { downloadExport } from '../wizard/download';
import { AdministratorLogon, logonTyped, type AdministratorLogonValue } from '../components/administrator-logon';
import { deviceActionStore } from './device-action-store';
import { DeviceScreenFrame, SubmitWithReason } from './device-screen-frame';

type DisposalRequest = Omit<LifecycleRequest<'disposal:run'>, 'deviceId'>;
const SD_CARD = ['removed-kept', 'removed-destroyed', 'none-inserted'] as const;
const DESTINATIONS = ['disposal', 'transfer', 'reuse-in-plant', 'return-to-vendor'] as const;

export const useDisposalStore = deviceActionStore('disposal:run');

export function DisposalScreen(): ReactElement {
  const { t } = useTranslation();
  const { device, busy, error, result, run } = useDisposalStore();
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
            </button>
          </p>
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
