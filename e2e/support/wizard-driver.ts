// Drives the guided wizard like a technician: only what the screen shows (roles, labels, the panel's
// own data attributes), the primary action pressed with Enter, dialogs answered by reading them. Every
// step leaves a screenshot; a step that fails or stays locked stops the journey with what the screen
// said, so a red run tells which step and why.
import type { Locator, Page } from 'playwright-core';
import { saveScreenshot } from './screenshots';

export interface PanelState {
  stepId: string;
  kind: string;
  status: string;
  number: number;
  title: string;
}

export interface RailStep {
  stepId: string;
  status: string;
  text: string;
}

// Project choice: one step may take up to 90 s on 2 shared cores (a write of every setting, a restart).
const STEP_TIMEOUT_MS = 90_000;
const POLL_MS = 150;
/** The most panels a journey goes through (15 steps, plus re-looks after questions). */
const MAX_ROUNDS = 60;
const DONE = new Set(['verified', 'attested', 'operator-performed', 'not-applicable', 'values-set']);

export class WizardStepError extends Error {
  constructor(
    readonly step: PanelState,
    readonly screenText: string,
  ) {
    super(`Step ${step.number} (${step.stepId}, ${step.kind}) ended "${step.status}": ${screenText}`);
    this.name = 'WizardStepError';
  }
}

export class WizardDriver {
  #shots = 0;

  constructor(
    readonly page: Page,
    readonly journey: string,
    /** Passwords the technician would type; one per user name (never logged). */
    readonly passwordFor: (user: string) => string,
  ) {}

  async screenshot(name: string): Promise<void> {
    this.#shots++;
    await saveScreenshot(this.page, this.journey, `${String(this.#shots).padStart(2, '0')}-${name}`);
  }

  /** Home -> Connect -> the practice device -> identity -> Start commissioning with the operator's name. */
  async connectPracticeAndStart(system: 'MX-R' | 'MX-F', model: string, operator: string): Promise<void> {
    const page = this.page;
    await page.getByRole('button', { name: `Commission the ${system}` }).click();
    await page.getByRole('button', { name: `Connect to the practice ${model}` }).click();
    await page.getByRole('region', { name: /Device identity/ }).waitFor({ timeout: 30_000 });
    await this.screenshot('identity');
    await page.getByLabel('Your name (operator)').fill(operator);
    await page.getByRole('button', { name: 'Start commissioning' }).click();
    await page.getByRole('navigation', { name: 'Steps of the procedure' }).waitFor({ timeout: 30_000 });
  }

  get panelLocator(): Locator {
    return this.page.getByTestId('step-panel');
  }

  async panel(): Promise<PanelState> {
    const p = this.panelLocator;
    await p.waitFor();
    const [stepId, kind, status, title] = await Promise.all([p.getAttribute('data-step-id'), p.getAttribute('data-step-kind'), p.getAttribute('data-step-status'), p.locator('#step-title').innerText()]);
    const number = Number(/(\d+)/.exec(title)?.[1] ?? NaN);
    return { stepId: stepId ?? '', kind: kind ?? '', status: status ?? '', number, title };
  }

  async rail(): Promise<RailStep[]> {
    const buttons = this.page.getByTestId('rail-step');
    const count = await buttons.count();
    const out: RailStep[] = [];
    for (let i = 0; i < count; i++) {
      const b = buttons.nth(i);
      out.push({ stepId: (await b.getAttribute('data-step-id')) ?? '', status: (await b.getAttribute('data-status')) ?? '', text: (await b.innerText()).replace(/\s+/g, ' ') });
    }
    return out;
  }

  /** What the screen says is wrong right now (session error, refused request, lock or block reason). */
  async problemText(): Promise<string> {
    const parts: string[] = [];
    for (const id of ['wizard-error', 'request-error', 'lock-reason', 'blocked-reason', 'step-detail']) {
      const l = this.page.getByTestId(id);
      if ((await l.count()) > 0) parts.push(`[${id}] ${(await l.first().innerText()).replace(/\s+/g, ' ')}`);
    }
    // The error's details (the end code) are collapsed; open them for the record.
    const details = this.page.getByTestId('wizard-error').locator('details');
    if ((await details.count()) > 0) {
      await details.first().evaluate((d) => d.setAttribute('open', ''));
      parts.push(`[details] ${(await details.first().innerText()).replace(/\s+/g, ' ')}`);
    }
    return parts.join(' | ') || '(nothing on screen explains it)';
  }

  /** Ticks every attestation the panel still asks for. */
  async attestAll(): Promise<number> {
    let n = 0;
    for (let i = 0; i < 40; i++) {
      const open = this.panelLocator.locator('[data-testid="attestation"][data-attested="false"]');
      const before = await open.count();
      if (before === 0) break;
      // The box is ticked when main has recorded the attestation (name and time), not before.
      await open.first().locator('input[type="checkbox"]').click();
      await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="attestation"][data-attested="false"]').length < n, before, { timeout: 10_000 });
      n++;
    }
    return n;
  }

  /** Types and confirms the password of every user the panel shows without one. */
  async enterMissingPasswords(): Promise<string[]> {
    const done: string[] = [];
    for (let round = 0; round < 20; round++) {
      const entries = this.panelLocator.locator('[data-testid^="password-entry-"]');
      const count = await entries.count();
      let entered = false;
      for (let i = 0; i < count; i++) {
        const entry = entries.nth(i);
        if ((await entry.getByText('No password entered yet').count()) === 0) continue;
        const user = ((await entry.getAttribute('data-testid')) ?? '').replace('password-entry-', '');
        await entry.getByRole('button', { name: `Enter a password for ${user}` }).click();
        const password = this.passwordFor(user);
        await entry.getByLabel(`New password for ${user}`).fill(password);
        await entry.getByLabel('Type it again').fill(password);
        // The device rule answers from main (debounced): wait for the verdict the technician would read.
        await entry.getByTestId('password-score').waitFor({ timeout: 10_000 });
        const use = entry.getByRole('button', { name: 'Use this password' });
        await use.waitFor();
        if (await use.isDisabled()) throw new Error(`The password for ${user} does not meet the device rule: ${await entry.getByTestId('password-strength').innerText()}`);
        await use.click();
        await entry.getByText('Password entered', { exact: false }).waitFor({ timeout: 10_000 });
        done.push(user);
        entered = true;
        break;
      }
      if (!entered) break;
    }
    return done;
  }

  /** Answers the open dialog as the technician would: reads the model name, picks a backup choice. */
  async answerQuestion(options: { backupChoice?: RegExp } = {}): Promise<string> {
    const dialog = this.page.getByRole('dialog');
    const title = await dialog.locator('h2').innerText();
    const choices = dialog.getByRole('radio');
    if ((await choices.count()) > 0) {
      const wanted = options.backupChoice ? dialog.getByRole('radio', { name: options.backupChoice }) : choices.first();
      await ((await wanted.count()) > 0 ? wanted.first() : choices.first()).check();
    }
    const typed = dialog.getByLabel(/Type the device's model name/);
    if ((await typed.count()) > 0) {
      const label = await dialog.locator('label[for="question-typed"]').innerText();
      const name = /\(([^)]+)\)/.exec(label)?.[1];
      if (!name) throw new Error(`The dialog "${title}" does not say what to type: ${label}`);
      await typed.fill(name);
    }
    await this.screenshot('dialog');
    await dialog.getByRole('button', { name: /^(Confirm|I have done it)$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS }).catch(() => undefined);
    return title;
  }

  /** Presses the panel's primary action with Enter (focus on the step's heading, as after arriving). */
  async pressPrimary(): Promise<void> {
    const primary = this.panelLocator.locator('[data-primary-action]');
    if (await primary.isDisabled()) throw new WizardStepError(await this.panel(), await this.problemText());
    await this.panelLocator.locator('#step-title').focus();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Waits until the step that was run is no longer in progress: the panel moved on, the step settled,
   * a dialog opened, or an error appeared. Answers dialogs on the way.
   */
  async waitForOutcome(before: PanelState, answers: { backupChoice?: RegExp } = {}): Promise<PanelState> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let settledSince = 0;
    while (Date.now() < deadline) {
      if ((await this.page.getByRole('dialog').count()) > 0) {
        await this.answerQuestion(answers);
        settledSince = 0;
        continue;
      }
      const now = await this.panel();
      if (now.stepId !== before.stepId) return now;
      if ((await this.page.getByTestId('wizard-error').count()) > 0 || now.status === 'failed') throw new WizardStepError(now, await this.problemText());
      const running = await this.panelLocator.locator('[data-primary-action][aria-busy="true"]').count();
      if (!running && (await this.page.getByTestId('wizard-busy').count()) === 0) {
        // Stable for a moment with the request answered: this is the outcome.
        settledSince ||= Date.now();
        if (Date.now() - settledSince > 600) return now;
      } else settledSince = 0;
      await this.page.waitForTimeout(POLL_MS);
    }
    throw new WizardStepError(await this.panel(), `no outcome within ${STEP_TIMEOUT_MS} ms — ${await this.problemText()}`);
  }

  /**
   * Runs the procedure from the current step to the report, as the panels ask. `onStep` sees each panel
   * before its primary action (the journey asserts there).
   */
  async runToReport(options: { onStep?: (panel: PanelState) => Promise<void>; backupChoice?: RegExp; exportCertificate?: boolean } = {}): Promise<PanelState[]> {
    const seen: PanelState[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const panel = await this.panel();
      if (panel.kind === 'report' && (await this.panelLocator.getByRole('button', { name: 'Open the report' }).count()) > 0) {
        await this.screenshot(`step${panel.number}-report-issued`);
        await this.panelLocator.getByRole('button', { name: 'Open the report' }).click();
        await this.page.getByTestId('report').waitFor();
        return seen;
      }
      seen.push(panel);
      if (panel.status === 'locked') throw new WizardStepError(panel, await this.problemText());
      await this.attestAll();
      await this.enterMissingPasswords();
      if (options.exportCertificate && panel.kind === 'operator-checklist' && (await this.panelLocator.getByTestId('certificate-export').count()) > 0) {
        await this.exportCertificates();
      }
      await options.onStep?.(panel);
      await this.screenshot(`step${panel.number}-${panel.kind}`);
      await this.pressPrimary();
      let after = await this.waitForOutcome(panel, options);
      if (after.stepId === panel.stepId && DONE.has(after.status)) {
        // Done but main kept the panel: go on with the next step in the rail, as a technician would.
        const next = (await this.rail()).find((r) => !DONE.has(r.status) && r.stepId !== panel.stepId);
        if (next) {
          await this.page.locator(`[data-testid="rail-step"][data-step-id="${next.stepId}"]`).click();
          await this.page.waitForTimeout(POLL_MS * 2);
          after = await this.panel();
        }
      }
      if (after.stepId === panel.stepId && after.kind !== 'report') {
        // Still on the same step with no error: the screen must say why, or the journey cannot go on.
        throw new WizardStepError(after, `the step did not move on — ${await this.problemText()}`);
      }
    }
    throw new Error(`The procedure did not reach the report within ${MAX_ROUNDS} panels.`);
  }

  /** Saves the certificate as PEM and DER through the browser's download; returns the file names. */
  async exportCertificates(): Promise<string[]> {
    const names: string[] = [];
    for (const label of ['Save the certificate (PEM)', 'Save the certificate (DER)']) {
      const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 30_000 }), this.panelLocator.getByRole('button', { name: label }).click()]);
      names.push(download.suggestedFilename());
    }
    return names;
  }

  async reportRows(): Promise<Array<{ row: string; status: string; text: string }>> {
    const rows = this.page.getByTestId('report-row');
    const out = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const r = rows.nth(i);
      out.push({ row: await r.locator('th').innerText(), status: (await r.getAttribute('data-status')) ?? '', text: (await r.innerText()).replace(/\s+/g, ' ') });
    }
    return out;
  }
}
