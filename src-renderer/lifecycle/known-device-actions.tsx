// What the technician can do with a device the home screen lists (issue 11): the maintenance visit, and
// from 90 days before the certificate expires (main's standing, 2.4.7.3) its renewal; its users, firmware
// update and restoration; its disposal.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnownDevice } from '../../src-main/ipc/contract';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { useRenewalStore } from './renewal-screen';
import { useDisposalStore } from './disposal-screen';
import { useFirmwareStore } from './firmware-screen';
import { useUsersStore } from './users-screen';
import { useRestorationStore } from './restoration-screen';

// The screens of a device's care (issue 11 items 4-6): each store remembers the device, then the screen opens.
const CARE = [
  { screen: 'users', icon: 'person', open: (d: KnownDevice) => useUsersStore.getState().open(d) },
  { screen: 'firmware', icon: 'upload', open: (d: KnownDevice) => useFirmwareStore.getState().open(d) },
  { screen: 'restoration', icon: 'refresh', open: (d: KnownDevice) => useRestorationStore.getState().open(d) },
] as const;

export function KnownDeviceActions({ device }: { device: KnownDevice }): ReactElement {
  const { t } = useTranslation();
  const openVisit = useAppStore((s) => s.openVisit);
  const openRenewal = useAppStore((s) => s.openRenewal);
  const openDisposal = useAppStore((s) => s.openDisposal);
  const openDeviceCare = useAppStore((s) => s.openDeviceCare);
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
      ) : null}
      {CARE.map((c) => (
        <span key={c.screen}>
          {' '}
          <button
            type="button"
            className="button"
            aria-label={t(`lifecycle.care.home.${c.screen}For`, { model: device.model, serial })}
            onClick={() => {
              c.open(device);
              openDeviceCare(c.screen);
            }}
          >
            <Icon name={c.icon} /> {t(`lifecycle.care.home.${c.screen}`)}
          </button>
        </span>
      ))}{' '}
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
