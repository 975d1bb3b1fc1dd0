// Figure 8 step 8 says the app records the firmware version: its panel shows the version the device
// reported (issue 13 point 9), and says plainly when it was not read yet. Practice MX-R through the MainService.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from '../create-main-service';
import { memoryStore } from '../../commissioning/engine/device-registry';
import type { SessionView } from '../../ipc/wizard-contract';
import { GUIDELINE } from '../../commissioning/guideline';

const step8 = (v: SessionView) => v.steps.find((s) => s.number === 8)!;

test('step 8 shows the firmware version read from the device, in both languages', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-firmware-shown-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const w = service.wizard;
  await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' });
  let v = await w.start({ operatorName: 'T. Tester' });
  const before = step8(v).recorded;
  assert.equal(before?.length, 1, 'step 8 has a firmware line from the start');
  assert.equal(before![0]!.label.en, 'Firmware version read from the device');
  if (before![0]!.value.en.startsWith('not read')) {
    // Not read until the engine has connected: run the first steps; the connection identifies the device.
    await w.attest({ id: 'fig8.step1', text: 'Cabinet locked; SD memory card for backups only.' });
    for (const n of [1, 2]) v = await w.runStep({ stepId: `fig8.step${n}` });
  }
  const line = step8(v).recorded![0]!;
  assert.match(line.value.en, /\d+\.\d+|^[0-9A-F]{2,}$/i, `a version, not a placeholder: ${line.value.en}`);
  assert.equal(line.value.ja, line.value.en, 'the version itself is the same in Japanese');
  assert.equal(line.label.ja, 'デバイスから読み出したファームウェアバージョン');
  assert.equal(v.steps.filter((s) => s.recorded).length, 1, 'only the step that says it records the version shows it');
});

test('step 8 says it records what it reads: the firmware version, not add-on versions nothing reads (issue 13 point 9)', () => {
  for (const system of ['mx-r', 'mx-f'] as const) {
    const step8 = GUIDELINE[system].procedure.steps.find((s) => s.number === 8)!;
    assert.doesNotMatch(step8.appDoes.en, /add-on/i, step8.appDoes.en);
    assert.doesNotMatch(step8.appDoes.ja, /アドオン/, step8.appDoes.ja);
    assert.match(step8.appDoes.en, /records the firmware version/);
    assert.match(step8.operatorDoes.en, /add-on versions in the engineering tool \(GX Works3\)/);
  }
});
