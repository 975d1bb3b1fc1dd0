// The frame of every screen of a known device's later life: back to the home screen, the title, the
// lead that says what the guideline asks, and main's refusal when there is one.
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../src-main/ipc/contract';
import { ScreenHeading } from '../components/screen-heading';
import { Icon } from '../components/icons';
import { IpcErrorNotice } from '../components/ipc-error-notice';
import { useAppStore } from '../state/app-store';

export function DeviceScreenFrame(props: { id: string; title: string; lead: string; error: IpcError | undefined; onDismiss?: () => void; onBack?: () => void; children: ReactNode }): ReactElement {
  const { t } = useTranslation();
  const goHome = useAppStore((s) => s.goHome);
  return (
    <section className="screen" aria-labelledby={`${props.id}-title`} data-testid={`${props.id}-screen`}>
      <p>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            props.onBack?.();
            goHome();
          }}
        >
          <Icon name="arrow-left" /> {t('lifecycle.visit.back')}
        </button>
      </p>
      <ScreenHeading id={`${props.id}-title`}>{props.title}</ScreenHeading>
      <p className="lead">{props.lead}</p>
      <IpcErrorNotice error={props.error} testId={`${props.id}-error`} {...(props.onDismiss ? { onDismiss: props.onDismiss } : {})} />
      {props.children}
    </section>
  );
}
