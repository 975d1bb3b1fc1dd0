// The controller's certificate for the connection destination devices (2.4.7.1 C), as DER and PEM:
// main saves it in its exports folder and sends the bytes; the browser downloads them with a Blob.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportKind } from '../../src-main/ipc/wizard-contract';
import { Icon } from '../components/icons';
import { useWizardStore } from '../state/wizard-store';
import { downloadExport } from './download';

/**
 * Step 13 in the order the work is done: the partners to set, the certificate to save for them, then
 * (below, in the attestation) the tick that it is done. ready: main holds the certificate.
 */
export function CertificateExport({ ready }: { ready: boolean }): ReactElement {
  const { t } = useTranslation();
  const { exportFile, lastExport, pending } = useWizardStore();
  const encrypted = useWizardStore((s) => s.session?.profile.settings.encryptedCommunication);
  const partners = encrypted ? (Object.keys(encrypted.functions) as Array<keyof typeof encrypted.functions>).filter((f) => encrypted.functions[f].tls) : [];
  const save = async (kind: ExportKind) => {
    const result = await exportFile(kind);
    if (result) downloadExport(result);
  };
  return (
    <div className="settings-block" data-testid="certificate-export">
      <h3>{t('wizard.certificate.title')}</h3>
      <p className="note">{t('wizard.certificate.lead')}</p>
      <p>{t('wizard.certificate.first', { version: encrypted?.tlsVersion ?? '' })}</p>
      {partners.length ? (
        <>
          <p className="note">{t('wizard.certificate.partners')}</p>
          <ul data-testid="certificate-partners">
            {partners.map((f) => (
              <li key={f}>{t(`wizard.function.${f}`)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="note">{t('wizard.certificate.noPartners')}</p>
      )}
      {ready ? null : <p className="note">{t('wizard.certificate.afterRun')}</p>}
      <div className="actions">
        <button type="button" className="button" disabled={!ready || pending !== undefined} onClick={() => void save('certificate-pem')}>
          <Icon name="download" /> {t('wizard.certificate.pem')}
        </button>
        <button type="button" className="button" disabled={!ready || pending !== undefined} onClick={() => void save('certificate-der')}>
          <Icon name="download" /> {t('wizard.certificate.der')}
        </button>
      </div>
      {lastExport && lastExport.fileName.match(/\.(pem|der|crt|cer)$/i) ? (
        <p className="note" data-testid="export-saved">
          {t('wizard.export.savedTo', { file: lastExport.fileName, path: lastExport.savedTo })}
        </p>
      ) : null}
    </div>
  );
}
