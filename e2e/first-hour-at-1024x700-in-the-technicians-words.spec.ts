// Journey: a technician's first hour on a small laptop screen (1024x700). Figure 8 on the practice MX-R;
// on every step, in English and in Japanese: no sideways scroll, a header on one line, and no internal
// id in any visible text (setting keys, rule ids, service and function ids, row and step ids). At step
// 14 the first dialog is read for 75 s before it is answered (longer than the device's Ethernet alive
// check): the link holds and the procedure ends with every row met; the report shows no raw JSON.
// Step 7 is walked sub-page by sub-page along its rail (one per function group): each one holds at
// 1024x700 in both languages too, and its rail entry says where the technician is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startAppInBrowser } from './support/app-in-browser';
import { commissionPracticeController, type PanelState, type RailPart } from './support/wizard-driver';

const JOURNEY = 'first-hour-at-1024x700';

// The settings keys of the profile (camelCase ones are caught by the general pattern too), the
// communication functions, the default open services, the ordering rules, row and step ids.
const INTERNAL_IDS: RegExp[] = [
  /\b[a-z]+(?:[A-Z][a-z0-9]+)+\b/, // camelCase: passwordPolicy, encryptedCommunication, ethernetAliveCheckSeconds
  /\b(?:order|guard|precondition|reminder|recommendation)\.[a-z][a-z-]+/, // rule ids
  /\b(?:melsoft-(?:got|udp|tcp|direct)|auto-open-udp|cpu-search|slmp-(?:udp|tcp)|cclink-ie-tsn-connection|opc-ua)\b/, // service/function ids
  /\btable\d+\.row\d+/, // row ids
  /\bfig\d+\.step\d+/, // step ids
];

/** The visible text of the page (what a person reads), with the first internal id found in it. */
async function internalIdsOnScreen(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const found: string[] = [];
  for (const pattern of INTERNAL_IDS) {
    const m = pattern.exec(text);
    if (m) found.push(`"${m[0]}" in "…${text.slice(Math.max(0, m.index - 60), m.index + m[0].length + 40).replace(/\s+/g, ' ')}…"`);
  }
  return found;
}

async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`the page scrolls sideways (${doc.scrollWidth} px wide in ${doc.clientWidth} px)`);
    const header = document.querySelector('.app-header');
    if (header) {
      const tops = [...header.children].filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2));
      if (Math.max(...tops) - Math.min(...tops) > 6) out.push(`the header wraps to more than one line (${header.getBoundingClientRect().height} px high)`);
    }
    return out;
  });
}

test('at 1024x700, every step of Figure 8 fits without sideways scroll and speaks the technician\'s words in English and Japanese; a step-14 dialog read for 75 s keeps the link', { timeout: 1_200_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems: string[] = [];

  async function check(where: string): Promise<void> {
    for (const p of await layoutProblems(page)) problems.push(`${where}: ${p}`);
    for (const p of await internalIdsOnScreen(page)) problems.push(`${where}: internal id on screen: ${p}`);
  }

  const result = await commissionPracticeController({
    page,
    url: host.url,
    journey: JOURNEY,
    system: 'MX-R',
    model: 'MXR300-32',
    figure: /Procedure before operation \(MX-R\)/,
    stepCount: 15,
    reconstructed: false,
    hostErrors: () => host.stderr(),
    holdFirstDialog: { stepNumber: 14, ms: 75_000 },
    everyStep: async (panel: PanelState, driver) => {
      await check(`step ${panel.number} (en)`);
      await page.getByRole('button', { name: '日本語' }).click();
      await page.locator('html[lang="ja"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(200);
      await check(`step ${panel.number} (ja)`);
      if (panel.number === 7 || panel.number === 13) await driver.screenshot(`ja-step-${panel.number}`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(200);
    },
    everyPart: async (panel: PanelState, part: RailPart, driver) => {
      const where = `step ${panel.number}, group ${part.id}`;
      await check(`${where} (en)`);
      // The rail entry of the open group: marked for assistive technology and in words.
      const open = driver.panelLocator.locator('[data-testid="part-tab"][aria-current="page"]');
      if ((await open.getAttribute('data-part')) !== part.id) problems.push(`${where}: the rail does not mark the open group`);
      if (!/Looked at, not confirmed/.test(await open.innerText())) problems.push(`${where}: the open group's status is not in words: ${await open.innerText()}`);
      await page.getByRole('button', { name: '日本語' }).click();
      await page.locator('html[lang="ja"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(150);
      await check(`${where} (ja)`);
      if (!/表示済み/.test(await open.innerText())) problems.push(`${where}: the open group's status is not in Japanese: ${await open.innerText()}`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(150);
      await driver.screenshot(`step7-${part.id}`);
    },
  });

  const unmet = result.reportRows.filter((r) => !['pass', 'attested', 'not-applicable'].includes(r.status));
  assert.deepEqual(unmet, [], 'every row is met after the long read at step 14');
  // The report screen as the technician leaves it: in both languages, no raw JSON, no internal id.
  for (const language of ['日本語', 'English']) {
    await page.getByRole('button', { name: language }).click();
    await page.waitForTimeout(300);
    await check(`report (${language})`);
    const report = await page.getByTestId('report').innerText();
    const json = /[{[]\s*"[^"]+"\s*:/.exec(report);
    if (json) problems.push(`report (${language}): raw JSON on screen: "…${report.slice(Math.max(0, json.index - 40), json.index + 80)}…"`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
