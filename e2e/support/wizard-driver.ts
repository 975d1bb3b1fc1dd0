// Drives the guided wizard like a technician: only what the screen shows (roles, labels, the panel's
// own data attributes), the primary action pressed with Enter, dialogs answered by reading them. Every
// step leaves a screenshot; a step that fails or stays locked stops the journey with what the screen
// said, so a red run tells which step and why. With { keyboardOnly: true } every control is reached with
// Tab/Shift+Tab and operated with Enter, Space, the arrow keys or typing (no click, no fill).
import type { Locator, Page } from 'playwright-core';
import { saveScreenshot } from './screenshots';
import { accessibilityViolations } from './accessibility';

export interface PanelState {
  stepId: string;
  kind: string;
  status: string;
  number: number;
  title: string;
}

/** One sub-page of a split settings step (step 7's function groups) as its rail shows it. */
export interface RailPart {
  id: string;
  status: string;
  open: boolean;
  text: string;
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
const DONE = new Set(['verified', 'attested', 'operator-performed', 'not-applicable', 'values-set', 'written']);

export interface RunOptions {
  onStep?: (panel: PanelState) => Promise<void>;
  backupChoice?: RegExp;
  exportCertificate?: boolean;
  /** Attestations whose text matches are left for the journey to decide (e.g. the trust boundary). */
  leaveUnattested?: RegExp;
  /** Stop (before acting) at the first panel this accepts. */
  stopAt?: (panel: PanelState) => boolean | Promise<boolean>;
  /** Called with a dialog's title and text before it is answered (a journey plays the technician's hands). */
  onQuestion?: (title: string, text: string) => Promise<void>;
}

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
  /** The certificate files saved for the connection destination devices (step 13). */
  certificateFiles: string[] = [];
  /** Why the certificate could not be saved at step 13 itself, when it could not. */
  certificateDeferred: { stepId: string; reason: string } | undefined;

  constructor(
    readonly page: Page,
    readonly journey: string,
    /** Passwords the technician would type; one per user name (never logged). */
    readonly passwordFor: (user: string) => string,
    /**
     * Keyboard alone: every control is reached with Tab/Shift+Tab (proving it is reachable) and operated
     * with Enter, Space or typing; no click, no fill, no programmatic focus.
     */
    readonly options: { keyboardOnly?: boolean } = {},
  ) {}

  /**
   * The first dialog of this step is left open this long before it is answered (a person reading it),
   * as the journey that proves the link survives a long read.
   */
  holdFirstDialog: { stepNumber: number; ms: number; held?: boolean } | undefined;
  /** The step whose outcome is awaited (for holdFirstDialog). */
  #awaitedStep: number | undefined;

  get keyboardOnly(): boolean {
    return this.options.keyboardOnly === true;
  }

  /**
   * Presses Tab (or Shift+Tab when the control lies before the focus) until the control has the focus,
   * at most `maxPresses` times; proves the control is reachable by keyboard. Throws with what had the
   * focus last when it is not.
   */
  async tabTo(target: Locator, maxPresses = 400): Promise<void> {
    try {
      await target.waitFor({ state: 'visible', timeout: 30_000 });
    } catch (error) {
      await this.screenshot('control-not-visible');
      throw error;
    }
    // Direction only (a reading of the page, not an action): forward when the control follows the focus.
    const backwards = await target.evaluate((el) => {
      const active = document.activeElement;
      if (!active || active === document.body) return false;
      return (active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
    });
    const key = backwards ? 'Shift+Tab' : 'Tab';
    for (let i = 0; i <= maxPresses; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      if (i === maxPresses) break;
      await this.page.keyboard.press(key);
    }
    const focused = await this.page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()} "${(a.getAttribute('aria-label') ?? (a as HTMLElement).innerText ?? '').slice(0, 80)}"` : '(nothing)';
    });
    throw new Error(`Not reachable with ${key} within ${maxPresses} presses: ${String(target)} (focus stayed on ${focused})`);
  }

  /** Activates a control as the technician does: a click, or Tab to it and Enter (Space for a box). */
  async activate(target: Locator): Promise<void> {
    if (!this.keyboardOnly) return target.click();
    await this.tabTo(target);
    const kind = await target.evaluate((el) => (el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase()));
    await this.page.keyboard.press(kind === 'checkbox' || kind === 'radio' ? 'Space' : 'Enter');
  }

  /** Types into a field: fill, or Tab to it, select what is there, and type. */
  async typeInto(target: Locator, text: string): Promise<void> {
    if (!this.keyboardOnly) return target.fill(text);
    await this.tabTo(target);
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(text);
  }

  async screenshot(name: string): Promise<void> {
    this.#shots++;
    await saveScreenshot(this.page, this.journey, `${String(this.#shots).padStart(2, '0')}-${name}`);
  }

  /** Home -> Connect -> the practice device -> identity -> Start commissioning with the operator's name. */
  async connectPracticeAndStart(system: 'MX-R' | 'MX-F', model: string, operator: string): Promise<void> {
    const page = this.page;
    await this.activate(page.getByRole('button', { name: `Commission the ${system}` }));
    await this.activate(page.getByRole('button', { name: `Connect to the practice ${model}` }));
    await page.getByRole('region', { name: /Device identity/ }).waitFor({ timeout: 30_000 });
    await this.startWithOperator(operator);
  }

  /** On the device screen: the operator's name, then Start commissioning. */
  async startWithOperator(operator: string): Promise<void> {
    const page = this.page;
    await this.screenshot('identity');
    await this.typeInto(page.getByLabel('Your name (operator)'), operator);
    await this.activate(page.getByRole('button', { name: 'Start commissioning' }));
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

  /** The sub-page rail of the panel (empty when the step is one page). */
  async parts(): Promise<RailPart[]> {
    return this.panelLocator.getByTestId('part-tab').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-part') ?? '', status: e.getAttribute('data-status') ?? '', open: e.getAttribute('aria-current') === 'page', text: (e as HTMLElement).innerText.replace(/\s+/g, ' ') })),
    );
  }

  /**
   * Opens a sub-page of the panel's rail: a click; by keyboard, Tab to the rail's open entry (its one tab
   * stop), the arrow keys along the rail, Enter. Waits until it is open and the focus is on its heading.
   */
  async openPart(id: string): Promise<void> {
    const tab = this.panelLocator.locator(`[data-testid="part-tab"][data-part="${id}"]`);
    if (this.keyboardOnly) {
      await this.tabTo(this.panelLocator.locator('[data-testid="part-tab"][aria-current="page"]'));
      for (let i = 0; i < 12 && !(await tab.evaluate((el) => el === document.activeElement)); i++) await this.page.keyboard.press('ArrowRight');
      await this.page.keyboard.press('Enter');
    } else await tab.click();
    await this.panelLocator.locator(`[data-testid="part-page"][data-part="${id}"]`).waitFor({ timeout: 10_000 });
    await this.page.waitForFunction((heading) => document.activeElement?.id === heading, `${id}-title`, { timeout: 10_000 }).catch(async () => {
      const focused = await this.page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      throw new Error(`Opening the sub-page ${id} did not move the focus to its heading (focus on ${focused}).`);
    });
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

  /** Ticks every attestation the panel still asks for (except those whose text matches `leave`). */
  async attestAll(leave?: RegExp): Promise<number> {
    let n = 0;
    // A checklist's items are ticked one by one before the step itself is attested.
    const items = this.panelLocator.locator('[data-testid="checklist-item"] input[type="checkbox"]:not(:checked)');
    for (let i = 0; i < 20 && (await items.count()) > 0; i++) await this.activate(items.first());
    for (let i = 0; i < 40; i++) {
      const all = this.panelLocator.locator('[data-testid="attestation"][data-attested="false"]');
      const open = leave ? all.filter({ hasNotText: leave }) : all;
      const before = await open.count();
      if (before === 0) break;
      // The box is ticked when main has recorded the attestation (name and time), not before.
      await this.activate(open.first().locator('input[type="checkbox"]'));
      // Polled from here: a page-side predicate would be an eval, which the app's CSP refuses.
      const deadline = Date.now() + 10_000;
      while ((await open.count()) >= before) {
        if (Date.now() > deadline) throw new WizardStepError(await this.panel(), `the attestation was not recorded — ${await this.problemText()}`);
        await this.page.waitForTimeout(POLL_MS);
      }
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
        // A secret that names itself (the wireless LAN adapter's) is typed by its journey, not as a user's.
        const enter = entry.getByRole('button', { name: `Enter a password for ${user}` });
        if ((await enter.count()) === 0) continue;
        await this.activate(enter);
        const password = this.passwordFor(user);
        await this.typeInto(entry.getByLabel(`New password for ${user}`), password);
        await this.typeInto(entry.getByLabel('Type it again'), password);
        // The device rule answers from main (debounced): wait for the verdict the technician would read.
        await entry.getByTestId('password-score').waitFor({ timeout: 10_000 });
        const use = entry.getByRole('button', { name: 'Use this password' });
        await use.waitFor();
        // The verdict on screen may still be the one of a shorter prefix typed a moment ago.
        for (let wait = Date.now() + 10_000; (await use.isDisabled()) && Date.now() < wait; ) await this.page.waitForTimeout(POLL_MS);
        if (await use.isDisabled()) throw new Error(`The password for ${user} does not meet the device rule: ${await entry.getByTestId('password-strength').innerText()}`);
        await this.activate(use);
        // Not "Password entered" alone: "No password entered yet" contains it too.
        await entry.getByText('Password entered (kept in memory until written)').waitFor({ timeout: 10_000 });
        done.push(user);
        entered = true;
        break;
      }
      if (!entered) break;
    }
    return done;
  }

  /** Answers the open dialog as the technician would: reads the model name, picks a backup choice. */
  async answerQuestion(options: { backupChoice?: RegExp; onQuestion?: RunOptions['onQuestion'] } = {}): Promise<string> {
    const dialog = this.page.getByRole('dialog');
    const title = await dialog.locator('h2').innerText();
    // Several questions may share a title (each instruction for the engineering tool): the text tells them apart.
    const asked = await dialog.innerText();
    if (options.onQuestion) await options.onQuestion(title, asked);
    const choices = dialog.getByRole('radio');
    if ((await choices.count()) > 0) {
      const wanted = options.backupChoice ? dialog.getByRole('radio', { name: options.backupChoice }) : choices.first();
      const choice = (await wanted.count()) > 0 ? wanted.first() : choices.first();
      if (this.keyboardOnly) {
        // A radio group is one Tab stop; the arrow keys move the choice within it.
        await this.tabTo(choices.first());
        for (let i = 0; i < 10 && !(await choice.isChecked()); i++) await this.page.keyboard.press('ArrowDown');
      } else await choice.check();
    }
    const typed = dialog.getByLabel(/Type the device's model name/);
    if ((await typed.count()) > 0) {
      const label = await dialog.locator('label[for="question-typed"]').innerText();
      const name = /\(([^)]+)\)/.exec(label)?.[1];
      if (!name) throw new Error(`The dialog "${title}" does not say what to type: ${label}`);
      await this.typeInto(typed, name);
    }
    await this.screenshot('dialog');
    const hold = this.holdFirstDialog;
    if (hold && !hold.held && hold.stepNumber === this.#awaitedStep) {
      hold.held = true;
      await this.page.waitForTimeout(hold.ms);
      await this.screenshot('dialog-after-long-read');
    }
    await this.activate(dialog.getByRole('button', { name: /^(Confirm|I have done it|Restart now)$/ }));
    // Answered when the dialog closes or main asks the next question (a new title).
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if ((await dialog.count()) === 0) break;
      const now = await dialog.innerText().catch(() => '');
      if (now !== asked) break;
      if ((await this.page.getByTestId('request-error').count()) > 0) throw new Error(`The answer to "${title}" was refused: ${await this.problemText()}`);
      await this.page.waitForTimeout(POLL_MS);
    }
    return title;
  }

  /** Presses the panel's primary action with Enter (focus on the step's heading, as after arriving). */
  async pressPrimary(): Promise<void> {
    const primary = this.panelLocator.locator('[data-primary-action]');
    if (await primary.isDisabled()) throw new WizardStepError(await this.panel(), await this.problemText());
    if (this.keyboardOnly) return this.activate(primary);
    await this.panelLocator.locator('#step-title').focus();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Waits until the step that was run is no longer in progress: the panel moved on, the step settled,
   * a dialog opened, or an error appeared. Answers dialogs on the way.
   */
  async waitForOutcome(before: PanelState, answers: { backupChoice?: RegExp; onQuestion?: RunOptions['onQuestion'] } = {}): Promise<PanelState> {
    this.#awaitedStep = before.number;
    const held = this.holdFirstDialog?.stepNumber === before.number ? this.holdFirstDialog.ms : 0;
    const deadline = Date.now() + STEP_TIMEOUT_MS + held;
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
  async runToReport(options: RunOptions = {}): Promise<PanelState[]> {
    const seen: PanelState[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const panel = await this.panel();
      if (options.stopAt && (await options.stopAt(panel))) return seen;
      if (panel.kind === 'report' && (await this.panelLocator.getByRole('button', { name: 'Open the report' }).count()) > 0) {
        await this.screenshot(`step${panel.number}-report-issued`);
        await this.activate(this.panelLocator.getByRole('button', { name: 'Open the report' }));
        await this.page.getByTestId('report').waitFor();
        return seen;
      }
      if (DONE.has(panel.status) && (await this.panelLocator.locator('[data-primary-action]').innerText()).startsWith('Continue')) {
        // Done: the panel's primary action now moves on to the next step.
        await this.pressPrimary();
        await this.waitForPanelChange(panel);
        continue;
      }
      seen.push(panel);
      // Attestations and passwords are what unlock a step: give them first, then judge the lock.
      await this.attestAll(options.leaveUnattested);
      await this.enterMissingPasswords();
      if ((await this.panel()).status === 'locked') throw new WizardStepError(await this.panel(), await this.problemText());
      await options.onStep?.(panel);
      await this.screenshot(`step${panel.number}-${panel.kind}`);
      await this.pressPrimary();
      const after = await this.waitForOutcome(panel, options);
      if (after.stepId === panel.stepId && !DONE.has(after.status) && !(after.kind === 'report' && after.status === 'verified')) {
        // Still on the same step, not done, no error: the screen must say why, or the journey cannot go on.
        throw new WizardStepError(after, `the step did not finish — ${await this.problemText()}`);
      }
      if (options.exportCertificate && (await this.panelLocator.getByTestId('certificate-export').count()) > 0) {
        try {
          this.certificateFiles = await this.exportCertificates();
        } catch (error) {
          // Noted, and tried again from this step's panel once the report exists (the journey asserts it).
          this.certificateDeferred = { stepId: panel.stepId, reason: error instanceof Error ? error.message : String(error) };
          await this.page.getByRole('button', { name: 'Dismiss' }).first().click().catch(() => undefined);
        }
      }
      await this.screenshot(`step${panel.number}-done`);
    }
    throw new Error(`The procedure did not reach the report within ${MAX_ROUNDS} panels.`);
  }

  /**
   * Runs the procedure as runToReport does, and stops at the first panel `stop` accepts, before anything
   * is done on it (no attestation, no password, no primary action). Returns that panel.
   */
  async runUntil(stop: (panel: PanelState) => boolean | Promise<boolean>, options: Omit<RunOptions, 'stopAt'> = {}): Promise<PanelState> {
    let reached: PanelState | undefined;
    await this.runToReport({
      ...options,
      stopAt: async (panel) => {
        if (await stop(panel)) reached = panel;
        return reached !== undefined;
      },
    });
    if (!reached) throw new Error('The procedure reached the report without the awaited step.');
    return reached;
  }

  /** Opens a step of the rail (a click, or Tab and Enter). */
  async openStep(stepId: string): Promise<PanelState> {
    await this.activate(this.page.locator(`[data-testid="rail-step"][data-step-id="${stepId}"]`));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const now = await this.panel();
      if (now.stepId === stepId) return now;
      await this.page.waitForTimeout(POLL_MS);
    }
    throw new Error(`The rail did not open ${stepId}.`);
  }

  async waitForPanelChange(before: PanelState): Promise<PanelState> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const now = await this.panel();
      if (now.stepId !== before.stepId) return now;
      await this.page.waitForTimeout(POLL_MS);
    }
    throw new WizardStepError(await this.panel(), `"Continue" did not open the next step — ${await this.problemText()}`);
  }

  /** Saves the certificate as PEM and DER through the browser's download; returns the file names. */
  async exportCertificates(): Promise<string[]> {
    const names: string[] = [];
    for (const label of ['Save the certificate (PEM)', 'Save the certificate (DER)']) {
      names.push(await this.download(this.panelLocator.getByRole('button', { name: label })));
    }
    return names;
  }

  /** Clicks a control that saves a file; the browser's download, or what the screen says went wrong. */
  async download(control: Locator): Promise<string> {
    const download = this.page.waitForEvent('download', { timeout: 30_000 });
    download.catch(() => undefined);
    await control.click();
    const deadline = Date.now() + 30_000;
    const settled = download.then((d) => d.suggestedFilename());
    while (Date.now() < deadline) {
      const name = await Promise.race([settled, new Promise<undefined>((r) => setTimeout(() => r(undefined), POLL_MS))]);
      if (name) return name;
      if ((await this.page.getByTestId('request-error').count()) > 0) throw new Error(`Saving failed: ${await this.problemText()}`);
    }
    throw new Error(`No file was saved within 30 s: ${await this.problemText()}`);
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

// ---------------------------------------------------------------------------------------------------
// The whole journey both controller specs share: factory device -> report, with the assertions a
// technician would make by looking.
// ---------------------------------------------------------------------------------------------------

/** Test passwords (strong, without the user name); never printed. */
const TEST_PASSWORDS = ['Kx7#Vq9!mZ2pLw4a', 'Rt5$Hn8@cY3uPe6b', 'Gm2%Jd6&sW9qTb4x', 'Pz8*Fk3^nE7vRa5c'];

/** One strong test password per user name, in the order the users are asked for (never printed). */
export function testPasswordsByUser(): (user: string) => string {
  const users: string[] = [];
  return (user) => {
    if (!users.includes(user)) users.push(user);
    return TEST_PASSWORDS[users.indexOf(user) % TEST_PASSWORDS.length]!;
  };
}

export interface JourneyOptions {
  page: Page;
  url: string;
  journey: string;
  system: 'MX-R' | 'MX-F';
  model: string;
  figure: RegExp;
  stepCount: number;
  reconstructed: boolean;
  hostErrors(): string;
  /** Leave the first dialog of this step open this long before answering it. */
  holdFirstDialog?: { stepNumber: number; ms: number };
  /** More checks on every panel (after the journey's own). */
  everyStep?: (panel: PanelState, driver: WizardDriver) => Promise<void>;
  /** More checks on every sub-page of a split step (step 7's function groups), each as it is opened. */
  everyPart?: (panel: PanelState, part: RailPart, driver: WizardDriver) => Promise<void>;
}

export interface JourneyResult {
  tlsVersionChoices: string[];
  /** "key=state" of every change of "See before writing", as the write step shows them at the end. */
  writeStates: string[];
  reportRows: Array<{ row: string; status: string; text: string }>;
}

const ok = (value: unknown, message: string): void => {
  if (!value) throw new Error(message);
};

export async function commissionPracticeController(o: JourneyOptions): Promise<JourneyResult> {
  const { page } = o;
  const users: string[] = [];
  const driver = new WizardDriver(page, o.journey, (user) => {
    if (!users.includes(user)) users.push(user);
    return TEST_PASSWORDS[users.indexOf(user) % TEST_PASSWORDS.length]!;
  });
  if (o.holdFirstDialog) driver.holdFirstDialog = { ...o.holdFirstDialog };
  await page.goto(o.url);
  await driver.connectPracticeAndStart(o.system, o.model, 'Aiko Tanaka');

  // The procedure screen: the figure, its steps with their state, device and link on top.
  await page.getByRole('heading', { level: 1, name: o.figure }).waitFor();
  const rail = await driver.rail();
  ok(rail.length === o.stepCount, `the rail shows the ${o.stepCount} steps of the figure (saw ${rail.length})`);
  ok((await page.getByTestId('session-link').innerText()).includes('USB (direct cable)'), 'the link is USB first (2.4.7.1 procedure A)');
  ok((await page.getByTestId('procedure-reconstructed').count()) === (o.reconstructed ? 1 : 0), o.reconstructed ? 'the reconstructed procedure says so' : 'Figure 8 is not called reconstructed');
  if (o.reconstructed) ok((await page.getByTestId('step-reconstructed').count()) === 1, 'each reconstructed step names its basis');

  let tlsVersionChoices: string[] = [];
  let sawTls = false;
  let sawWritePlan = false;
  await driver.runToReport({
    exportCertificate: true,
    backupChoice: /No backup|declin/i,
    onStep: async (panel) => {
      // The panels with the most controls pass the automated accessibility checks.
      if ([1, 3, 7, 9, 14].includes(panel.number)) {
        const violations = await accessibilityViolations(page);
        ok(violations.length === 0, `step ${panel.number} passes the automated accessibility checks: ${JSON.stringify(violations)}`);
      }
      // Why is collapsed by default, with the guideline references.
      ok((await page.getByTestId('why').getAttribute('open')) === null, `step ${panel.number}: "Why" is collapsed by default`);
      if (panel.number === 5) {
        // Home offers to go back to the unfinished session; a reload lands on the same step.
        await page.getByRole('button', { name: 'Home' }).click();
        await page.getByTestId('resume-sessions').waitFor();
        await driver.screenshot('home-resume');
        await page.getByRole('button', { name: `Back to the commissioning of ${o.model}` }).click();
        await page.reload();
        await page.getByRole('navigation', { name: 'Steps of the procedure' }).waitFor({ timeout: 30_000 });
        ok((await driver.panel()).stepId === panel.stepId, 'after a reload the procedure opens at the same step');
      }
      if (panel.number === 7) {
        await page.getByLabel('Theme').selectOption('dark');
        await driver.screenshot('dark');
        await page.getByLabel('Theme').selectOption('system');
      }
      const parts = await driver.parts();
      if (panel.kind === 'settings' && parts.length) {
        // Step 7 is one sub-page per function group: the rail says where the technician is and what each
        // group is; walking it opens each (the focus on its heading) and confirms nothing.
        ok(panel.number === 7 && parts.length === 7, `step 7 alone is split, into its seven function groups (step ${panel.number}: ${parts.length})`);
        ok(parts[0]!.open && parts.filter((p) => p.open).length === 1, 'the rail marks the one open group, the first on arrival');
        ok(parts[0]!.status === 'seen' && parts.slice(1).every((p) => p.status === 'todo'), `on arrival the first group is looked at, the others not opened yet: ${parts.map((p) => `${p.id}=${p.status}`).join(' ')}`);
        ok(/Not opened yet/.test(parts[1]!.text), `a group not opened says so in words: ${parts[1]!.text}`);
        for (const part of parts) {
          if (!part.open) await driver.openPart(part.id);
          const now = (await driver.parts()).find((p) => p.id === part.id)!;
          ok(now.open && now.status === 'seen', `the group ${part.id} is open and looked at (${now.status})`);
          ok((await driver.panelLocator.locator(`[data-testid="part-page"] [data-testid="settings-${part.id}"]`).count()) === 1, `the sub-page shows its own block (${part.id})`);
          if (part.id === 'encryptedCommunication') tlsVersionChoices = (await page.getByLabel('TLS version').locator('option').allInnerTexts()).map((s) => s.trim());
          if (part.id === 'ipFilter') ok((await page.getByTestId('ip-entry').filter({ hasText: 'This PC' }).count()) === 1, 'the IP filter keeps this PC, protected from removal');
          await o.everyPart?.(panel, now, driver);
        }
        ok((await driver.panel()).status === 'todo', 'walking every group confirms nothing: the step is still to do');
        ok(/confirms all 7 groups/.test(await page.getByTestId('parts-confirm-note').innerText()), 'the page says the confirm action confirms every group');
      }
      if (panel.kind === 'write') {
        const items = page.getByTestId('write-item');
        ok((await items.count()) > 0, 'step 9 lists the changes before writing');
        ok((await items.first().innerText()).includes('USB (direct cable)'), 'each change names the link it travels over');
        sawWritePlan = true;
      }
      if (panel.number >= 11 && panel.number <= 14) {
        const link = await page.getByTestId('link-indicator').innerText();
        if (/Ethernet with TLS/.test(link)) {
          ok((await page.getByTestId('link-tls').count()) === 1, 'the TLS link shows the pinned fingerprint and expiry');
          sawTls = true;
        }
      }
      await o.everyStep?.(panel, driver);
    },
  }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- host stderr ---\n${o.hostErrors().slice(-4000)}`);
  });
  ok(sawWritePlan, 'the journey went through "See before writing"');
  ok(sawTls, 'after the restart the link is Ethernet with TLS and the pinned certificate');

  // The certificate for the connection destination devices, from step 13's panel.
  if (driver.certificateDeferred) {
    console.log(`# NOTE: the certificate could not be saved at step 13 itself (${driver.certificateDeferred.reason.split('\n')[0]}); saved after the report instead.`);
    await page.getByRole('button', { name: 'Back to the procedure' }).click();
    await page.locator(`[data-testid="rail-step"][data-step-id="${driver.certificateDeferred.stepId}"]`).click();
    driver.certificateFiles = await driver.exportCertificates();
    await page.getByRole('navigation', { name: 'Steps of the procedure' }).waitFor();
    const last = (await driver.rail()).at(-1)!;
    await page.locator(`[data-testid="rail-step"][data-step-id="${last.stepId}"]`).click();
    await page.getByRole('button', { name: 'Open the report' }).click();
    await page.getByTestId('report').waitFor();
  }
  ok(driver.certificateFiles.some((f) => /\.pem$/i.test(f)) && driver.certificateFiles.some((f) => /\.der$|\.cer$|\.crt$/i.test(f)), `the certificate is saved as PEM and DER: ${driver.certificateFiles.join(', ')}`);

  // The report: every row met, with its status in words; exports saved where the screen says.
  const rows = await driver.reportRows();
  ok(rows.length > 0, 'the report has rows');
  const unmet = rows.filter((r) => !['pass', 'attested', 'not-applicable'].includes(r.status));
  ok(unmet.length === 0, `every report row is met; not met: ${unmet.map((r) => r.text).join(' | ')}`);
  ok((await page.getByTestId('report-verdict').innerText()).includes('Every row is met'), 'the verdict says the device is commissioned as the guideline says');
  for (const name of ['Export HTML', 'Export signed JSON']) {
    const file = await driver.download(page.getByRole('button', { name }));
    ok(/\.(html|json)$/.test(file), `${name} downloads a file (${file})`);
    await page.getByTestId('export-saved').waitFor();
  }
  await driver.screenshot('report');

  // Back in the procedure: every step done, every write verified on the device (never just "written").
  await page.getByRole('button', { name: 'Back to the procedure' }).click();
  const finalRail = await driver.rail();
  const notDone = finalRail.filter((r) => !['verified', 'attested', 'operator-performed', 'values-set', 'not-applicable'].includes(r.status));
  ok(notDone.length === 0, `every step is done: ${notDone.map((r) => r.text).join(' | ')}`);
  let writeStates: string[] = [];
  const writeStep = finalRail.find((r) => /Writing/.test(r.text));
  if (writeStep) {
    await page.locator(`[data-testid="rail-step"][data-step-id="${writeStep.stepId}"]`).click();
    await page.getByTestId('write-plan').waitFor();
    const states = await page.getByTestId('write-item').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-key')}=${e.getAttribute('data-state')}`));
    await driver.screenshot('write-plan-verified');
    writeStates = states;
  }

  // Japanese at any time, the vendor's terms.
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByText('ユーザ認証', { exact: false }).first().waitFor().catch(() => undefined);
  await driver.screenshot('ja');
  await page.getByRole('button', { name: 'English' }).click();
  // Back to the report (the spec checks it as the technician leaves it).
  const last = finalRail.at(-1)!;
  await page.locator(`[data-testid="rail-step"][data-step-id="${last.stepId}"]`).click();
  await page.getByRole('button', { name: 'Open the report' }).click();
  await page.getByTestId('report').waitFor();

  // Returned, and asserted last by the spec, so that a failure there still lets the rest be checked.
  return { tlsVersionChoices, reportRows: rows, writeStates };
}
