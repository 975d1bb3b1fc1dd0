// A step's state as an icon AND a word (never colour alone, UX brief). Only 'verified' and 'attested'
// read as done; 'written' says plainly that the device has not confirmed it yet.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepStatus } from '../../src-main/ipc/wizard-contract';
import { Icon, type IconName } from './icons';

export const STATUS_ICON: Record<StepStatus, IconName> = {
  todo: 'todo',
  'in-progress': 'progress',
  'values-set': 'edit',
  written: 'upload',
  verified: 'verified',
  attested: 'attested',
  'operator-performed': 'person',
  'not-applicable': 'na',
  failed: 'failed',
  locked: 'lock',
};

export function StepStatusBadge({ status }: { status: StepStatus }): ReactElement {
  const { t } = useTranslation();
  return (
    <span className={`step-status step-status--${status}`} data-status={status}>
      <Icon name={STATUS_ICON[status]} />
      <span>{t(`wizard.status.${status}`)}</span>
    </span>
  );
}
