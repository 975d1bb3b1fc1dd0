// What the technician can do with a device the home screen lists (issue 11): the maintenance visit, and
// from 90 days before the certificate expires (main's standing, 2.4.7.3) its renewal.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnownDevice } from '../../src-main/ipc/contract';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { useRenewalStore } from './renewal-screen';
import { useDisposalStore } from './disposal-screen';

export function KnownDeviceActions({ device }: { device: KnownDevice }): ReactElement {
  const { t } = useTranslation();
  const openVisit = useAppStore((s) => s.openVisit);
  const openRenewal = useAppStore((s) => s.openRenewal);
  const openDisposal = useAppStore((s) => s.openDisposal);
  const serial = device.serial ?? '';
  return (
    <span className="known-device__actions">
      <button type="button" className="button" aria-label={t('lifecycle.home.visitFor', { model: device.model, serial })} onClick={() => openVisit(device.deviceId)}>
        <Icon name="shield" /> {t('lifecycle.home.visit')}
      </button>
      {device.certificate.standing !== 'valid' ? (
        <>
          {' '}
          <button
            type="button"
            className="button"
            aria-label={t('lifecycle.renewal.homeFor', { model: device.model, serial })}
            onClick={() => {
              useRenewalStore.getState().open(device);
              openRenewal();
            }}
          >
            <Icon name="key" /> {t('lifecycle.renewal.home')}
          </button>
        </>
      ) : null}{' '}
      <button
        type="button"
        className="button button--quiet"
        aria-label={t('lifecycle.disposal.homeFor', { model: device.model, serial })}
        onClick={() => {
          useDisposalStore.getState().open(device);
          openDisposal();
        }}
      >
        <Icon name="warning" /> {t('lifecycle.disposal.home')}
      </button>
    </span>
  );
}
