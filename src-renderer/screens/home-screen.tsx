import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeModel, SystemId } from '../../src-main/ipc/contract';
import { ScreenHeading } from '../components/screen-heading';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { PRACTICE_MODEL_OF } from '../../src-main/ipc/practice-models';

// The adapter's procedure (Figure 36, set through its web interface) is not in this version yet.
const AVAILABLE: Record<SystemId, boolean> = { 'mx-r': true, 'mx-f': true, 'wlan-adapter': false };

function SystemChoice({ system, model }: { system: SystemId; model: PracticeModel | undefined }): ReactElement {
  const { t } = useTranslation();
  const choose = useAppStore((s) => s.chooseSystem);
  const available = AVAILABLE[system];
  const noteId = `system-note-${system}`;
  return (
    <li className={`choice${available ? '' : ' choice--unavailable'}`}>
      <button
        type="button"
        className="choice__button"
        aria-disabled={!available}
        aria-describedby={noteId}
        onClick={() => available && choose(system)}
      >
        <Icon name="device" />
        <span className="choice__name">{t('home.choose', { system: t(`system.${system}.name`) })}</span>
        <span className="choice__full">{t(`system.${system}.full`)}</span>
      </button>
      <p id={noteId} className="choice__note">
        {available && model ? (
          <>
            <Icon name="practice" /> {t('home.practice', { model })}
          </>
        ) : (
          t('home.adapterLater')
        )}
      </p>
    </li>
  );
}

export function HomeScreen(): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="screen" aria-labelledby="home-title">
      <ScreenHeading id="home-title">{t('home.title')}</ScreenHeading>
      <p className="lead">{t('home.lead')}</p>
      <ul className="choices">
        {(['mx-r', 'mx-f', 'wlan-adapter'] as const).map((system) => (
          <SystemChoice key={system} system={system} model={PRACTICE_MODEL_OF[system]} />
        ))}
      </ul>
    </section>
  );
}
