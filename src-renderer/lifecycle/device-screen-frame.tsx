// The frame of every screen of a known device's later life: back to the home screen, the title, the
// lead that says what the guideline asks, and main's refusal when there is one.
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../src-main/ipc/contract';
import { ScreenHeading } from '../components/screen-heading';
import { Icon, type IconName } from '../components/icons';
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

/**
 * A form's one primary action with, beside it, why it cannot run yet or that it is running (announced).
 * The button stays focusable (aria-disabled): pressing it early says why instead of doing nothing.
 */
export function SubmitWithReason(props: { id: string; icon: IconName; label: string; ready: boolean; busy: boolean; running: string; needs: string; danger?: boolean }): ReactElement {
  return (
    <p>
      <button type="submit" className={`button button--primary${props.danger ? ' button--danger' : ''}`} aria-disabled={!props.ready} aria-describedby={`${props.id}-why`}>
        <Icon name={props.icon} /> {props.label}
      </button>{' '}
      <span id={`${props.id}-why`} className="note" role="status">
        {props.busy ? props.running : props.ready ? '' : props.needs}
      </span>
    </p>
  );
}
