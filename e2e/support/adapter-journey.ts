// The wireless LAN adapter's journeys share these hands: the home tile's AP / STA choice, the adapter's
// secrets typed where its panels ask for them (the new login password, the factory one from the manual, the
// passphrase), and Figure 36 run to its report with the journey's own look at each panel.
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './accessibility';
import { WizardDriver, type PanelState, type RunOptions } from './wizard-driver';
import { FACTORY_PASSWORD } from '../../src-main/simulator/wlan-adapter/adapter-choices';

export type AdapterRole = 'AP' | 'STA';
export const ROLE_BUTTON: Record<AdapterRole, string> = { AP: 'Connect to the practice access point (AP)', STA: 'Connect to the practice station (STA)' };

/** Test secrets (never printed): the login password is strong, the passphrase 802.11's 8-63 characters. */
export interface AdapterSecrets {
  login: string;
  factory: string;
  passphrase: string;
}
export const ADAPTER_SECRETS: AdapterSecrets = { login: 'Kx7#Vq9!mZ2pLw4a', factory: FACTORY_PASSWORD, passphrase: 'plant floor 7 radio key' };

export const ok = (value: unknown, message: string): void => {
  if (!value) throw new Error(message);
};

/** Home -> the adapter tile -> the practice AP or STA -> identity -> Start commissioning. */
export async function connectPracticeAdapter(driver: WizardDriver, role: AdapterRole, operator: string): Promise<void> {
  const page = driver.page;
  await driver.activate(page.getByRole('button', { name: 'Commission the Wireless LAN adapter' }));
  await page.getByRole('button', { name: ROLE_BUTTON[role] }).waitFor({ timeout: 30_000 });
  await driver.screenshot(`connect-${role}`);
  await driver.activate(page.getByRole('button', { name: ROLE_BUTTON[role] }));
  await page.getByRole('region', { name: /Device identity/ }).waitFor({ timeout: 30_000 });
  await driver.startWithOperator(operator);
}

const SECRET_OF = { login: 'login', factory: 'factory', passphrase: 'passphrase' } as const;

/** Types every adapter secret the panel shows without one (as a technician reads the labels). */
export async function enterAdapterSecrets(driver: WizardDriver, secrets: AdapterSecrets = ADAPTER_SECRETS): Promise<string[]> {
  const done: string[] = [];
  for (const kind of Object.keys(SECRET_OF) as Array<keyof typeof SECRET_OF>) {
    const blocks = driver.panelLocator.locator(`[data-testid="adapter-secret-${kind}"]`);
    for (let i = 0; i < (await blocks.count()); i++) {
      const block = blocks.nth(i);
      if ((await block.getByText('No password entered yet').count()) === 0) continue;
      await driver.activate(block.getByRole('button', { name: /^Enter the / }));
      const label = { login: 'New login password', factory: 'Factory password', passphrase: 'Passphrase (8 to 63 characters)' }[kind];
      await driver.typeInto(block.getByLabel(label, { exact: true }), secrets[kind]);
      await driver.typeInto(block.getByLabel('Type it again'), secrets[kind]);
      const use = block.getByRole('button', { name: 'Use this password' });
      // The rule's verdict comes from main (debounced); the factory password is the manual's, judged by none.
      for (let wait = Date.now() + 10_000; (await use.isDisabled()) && Date.now() < wait; ) await driver.page.waitForTimeout(150);
      if (await use.isDisabled()) throw new Error(`The ${kind} secret is not accepted: ${await block.innerText()}`);
      await driver.activate(use);
      await block.getByText('Password entered (kept in memory until written)').waitFor({ timeout: 10_000 });
      done.push(kind);
    }
  }
  return done;
}

export interface AdapterJourneyOptions {
  /** More looks at (or changes on) a panel before its primary action. */
  onStep?: (panel: PanelState, driver: WizardDriver) => Promise<void>;
  stopAt?: RunOptions['stopAt'];
  onQuestion?: RunOptions['onQuestion'];
  secrets?: AdapterSecrets;
  /** Panels checked by axe (step numbers). */
  axeSteps?: number[];
}

/** Figure 36 from the current panel to the report (or `stopAt`), with the adapter's secrets and the counterpart allowed. */
export async function runFigure36(driver: WizardDriver, o: AdapterJourneyOptions = {}): Promise<PanelState[]> {
  const page: Page = driver.page;
  return driver.runToReport({
    backupChoice: /this PC/,
    ...(o.stopAt ? { stopAt: o.stopAt } : {}),
    ...(o.onQuestion ? { onQuestion: o.onQuestion } : {}),
    onStep: async (panel) => {
      // The journey's own hands first (a refusal to try before the right secret is typed), then the secrets.
      await o.onStep?.(panel, driver);
      await enterAdapterSecrets(driver, o.secrets);
      if ((o.axeSteps ?? []).includes(panel.number)) {
        const violations = await accessibilityViolations(page);
        ok(violations.length === 0, `step ${panel.number} passes the automated accessibility checks: ${JSON.stringify(violations)}`);
      }
    },
  });
}

/** The wireless filter's "Allow the practice ..." control: the counterpart's MAC address, from main. */
export async function allowPracticeCounterpart(driver: WizardDriver): Promise<string> {
  const allow = driver.panelLocator.getByRole('button', { name: /^Allow the practice / });
  if ((await allow.count()) === 0) return '';
  const name = await allow.innerText();
  await driver.activate(allow);
  await driver.panelLocator.getByTestId('mac-filter-wireless').getByTestId('mac-entry').first().waitFor({ timeout: 10_000 });
  return name;
}
