// What the technician can do with a device the home screen lists (issue 11): the maintenance visit.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnownDevice } from '../../src-main/ipc/contract';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';

export function KnownDeviceActions({ device }: { device: KnownDevice }): ReactElement {
  const { t } = useTranslation();
  const openVisit = useAppStore((s) => s.openVisit);
  return (
    <span className="known-device__actions">
      <button type="button" className="button" aria-label={t('lifecycle.home.visitFor', { model: device.model, serial: device.serial ?? '' })} onClick={() => openVisit(device.deviceId)}>
        <Icon name="shield" /> {t('lifecycle.home.visit')}
      </button>
    </span>
  );
}
