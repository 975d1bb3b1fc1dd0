import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from './components/app-header';
import { ErrorNotice } from './components/error-notice';
import { bridge } from './bridge/current-bridge';
import { BRIDGE_PROBLEMS, useAppStore } from './state/app-store';
import { HomeScreen } from './screens/home-screen';
import { ConnectScreen } from './screens/connect-screen';
import { DeviceScreen } from './screens/device-screen';
import { ProcedureScreen } from './screens/procedure-screen';
import { useWizardStore } from './state/wizard-store';
import { VisitScreen } from './lifecycle/visit-screen';
import { RenewalScreen } from './lifecycle/renewal-screen';
import { DisposalScreen } from './lifecycle/disposal-screen';
import { FirmwareScreen } from './lifecycle/firmware-screen';
import { UsersScreen } from './lifecycle/users-screen';
import { RestorationScreen } from './lifecycle/restoration-screen';

export function App(): ReactElement {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const hostUnavailable = useAppStore((s) => s.error !== undefined && BRIDGE_PROBLEMS.has(s.error.key));
  const handleEvent = useAppStore((s) => s.handleEvent);
  const checkHost = useAppStore((s) => s.checkHost);
  const handleWizardEvent = useWizardStore((s) => s.handleEvent);
  useEffect(() => bridge().onEvent(handleEvent), [handleEvent]);
  useEffect(() => bridge().onEvent(handleWizardEvent), [handleWizardEvent]);
  useEffect(() => void checkHost(), [checkHost]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <AppHeader />
      <main id="main" className="app-main">
        {hostUnavailable ? (
          // This page cannot reach the app (another window holds it, wrong address, app stopped): it says
          // so and offers nothing that would only fail.
          <ErrorNotice />
        ) : screen === 'home' ? (
          <>
            <ErrorNotice />
            <HomeScreen />
          </>
        ) : screen === 'connect' ? (
          <ConnectScreen key="connect" />
        ) : screen === 'disposal' ? (
          <DisposalScreen key="disposal" />
        ) : screen === 'firmware' ? (
          <FirmwareScreen key="firmware" />
        ) : screen === 'users' ? (
          <UsersScreen key="users" />
        ) : screen === 'restoration' ? (
          <RestorationScreen key="restoration" />
        ) : screen === 'renewal' ? (
          <RenewalScreen key="renewal" />
        ) : screen === 'visit' ? (
          <VisitScreen key="visit" />
        ) : screen === 'procedure' ? (
          <ProcedureScreen key="procedure" />
        ) : (
          <DeviceScreen key="device" />
        )}
      </main>
    </>
  );
}
