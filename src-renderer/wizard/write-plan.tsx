// "See before writing" (UX brief): every change in the order it will be written, with the link it
// travels over; after the write, each one ticked as verified on the device (or said plainly that it
// was written but not yet verified, or failed).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { WriteItemState, WriteItemView } from '../../src-main/ipc/wizard-contract';
import { Icon, type IconName } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';

const STATE_ICON: Record<WriteItemState, IconName> = { planned: 'todo', intended: 'progress', written: 'upload', verified: 'verified', failed: 'failed' };
const LINK_ICON = { usb: 'usb', ethernet: 'ethernet', 'ethernet-tls': 'lock' } as const;

export function WritePlan({ items }: { items: WriteItemView[] }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const verified = items.filter((i) => i.state === 'verified').length;
  return (
    <section className="write-plan" aria-labelledby="write-plan-title" data-testid="write-plan">
      <h3 id="write-plan-title">{t('wizard.write.title')}</h3>
      <p className="note">{t('wizard.write.lead', { verified, total: items.length })}</p>
      {items.length === 0 ? (
        <p>{t('wizard.write.empty')}</p>
      ) : (
        <ol className="write-plan__list">
          {items.map((item, i) => (
            <li key={`${item.key}-${item.scope ?? ''}-${i}`} className={`write-item write-item--${item.state}`} data-testid="write-item" data-state={item.state} data-key={item.key}>
              <span className="write-item__title">
                {bi(item.title)}
              </span>
              <span className="write-item__link">
                <Icon name={LINK_ICON[item.link]} /> {t(`link.${item.link}`)}
              </span>
              <span className={`step-status step-status--${item.state}`} data-testid="write-item-state">
                <Icon name={STATE_ICON[item.state]} /> {t(`wizard.write.state.${item.state}`)}
              </span>
              {item.rules.length ? <span className="write-item__rules">{t('wizard.write.rules', { rules: item.rules.join('; ') })}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
