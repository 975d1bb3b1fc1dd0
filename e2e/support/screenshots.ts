// Screenshots are the journey's evidence: one per step, under test-results/e2e/, named for the step.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './host-process';

export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'e2e');

export async function saveScreenshot(page: Page, journey: string, step: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${journey}--${step}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
