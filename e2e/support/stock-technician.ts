// The technician's hands in GX Works3 at a stock practice controller, for the guide-and-verify journeys: each
// instruction the wizard asks is carried out through the engineering-tool stand-in (a local channel under the
// app's data directory), except the settings the journey wants left undone while the technician says "done".
import type { TestContext } from 'node:test';
import { recommendedProfile } from '../../src-main/commissioning/recommended-profile';
import { engineeringToolInstruction } from '../../src-main/commissioning/families/mx-controller/engineering-tool-guide';
import { stockEngineeringToolSocket } from '../../src-main/services/practice-devices';
import { EngineeringToolClient } from '../../src-main/simulator/testing/engineering-tool-client';
import type { ControllerProfile } from '../../src-main/model/security-settings';
import type { WizardDriver } from './wizard-driver';

// Passwords the technician types for the profile's users in the wizard.
const PASSWORDS = ['Kx7#Vq9!mZ2pLw4a', 'Rt5$Hn8@cY3uPe6b', 'Gm2%Jd6&sW9qTb4x', 'Pz8*Fk3^nE7vRa5c'];

export function passwordFor(): (user: string) => string {
  const users: string[] = [];
  return (user) => {
    if (!users.includes(user)) users.push(user);
    return PASSWORDS[users.indexOf(user) % PASSWORDS.length]!;
  };
}

export interface StockTechnician {
  /** The instructions for GX Works3 the wizard gave, in order. */
  instructions: string[];
  /** Answers a question before it is confirmed (the driver's onQuestion). */
  onQuestion(title: string, text: string): Promise<void>;
}

/** Opens the Connect screen's stock practice choice for the MX-R and starts the wizard. */
export async function connectStockAndStart(driver: WizardDriver, url: string, model: string): Promise<void> {
  const page = driver.page;
  await page.goto(url);
  await page.getByRole('button', { name: 'Commission the MX-R' }).click();
  await page.getByRole('button', { name: `Connect to a stock practice ${model} (guide and verify)` }).click();
  await page.getByRole('region', { name: /Device identity/ }).waitFor({ timeout: 30_000 });
  await driver.startWithOperator('Aiko Tanaka');
}

export async function stockTechnician(t: TestContext, dataDir: string, model: string, options: { skip?: string[]; profile?: ControllerProfile; certificateDays?: number } = {}): Promise<StockTechnician> {
  const profile = options.profile ?? (recommendedProfile(model, { pcAddress: '127.0.0.1', slmpForVerification: true }) as ControllerProfile);
  const tool = await EngineeringToolClient.connect(stockEngineeringToolSocket(dataDir, model));
  t.after(() => tool.close());
  const instructions: string[] = [];
  return {
    instructions,
    async onQuestion(_title, text) {
      if (/Restart the controller/.test(text)) return void (await tool.reset());
      if (!/In GX Works3/.test(text)) return;
      instructions.push(text);
      const key = Object.keys(profile.settings).find((k) => text.includes(engineeringToolInstruction(k, profile).setting.en));
      if (!key || key === 'users' || options.skip?.includes(key)) return;
      if (key === 'certificate') await tool.writeCertificate({ validityDays: options.certificateDays ?? 365 });
      else {
        const { rejected } = await tool.writeParameters({ [key]: (profile.settings as unknown as Record<string, unknown>)[key] } as never);
        if (rejected.length) throw new Error(`GX Works3 (the stand-in) refused ${key}: ${JSON.stringify(rejected)}`);
      }
    },
  };
}
