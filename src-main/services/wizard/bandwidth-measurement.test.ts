// The bandwidth limitation's measurement through the MainService (2.4.10.1): main times the link to the
// device (SLMP self tests over the real socket), says what it measured and how, what it cannot see, and
// suggests limits; taking them is the technician's change, and the step is still confirmed only by its
// confirm action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from '../create-main-service';
import { memoryStore } from '../../commissioning/engine/device-registry';
import { startVirtualController } from '../../simulator/start-virtual-controller';
import { PROJECT_LIMITS } from '../../model/security-settings';

test('over plain Ethernet (loopback TCP) to a controller: measured, explained, suggested; taking the suggestion confirms nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-bandwidth-'));
  const device = await startVirtualController({ model: 'MXR300-32', host: '127.0.0.1', slmpPort: 0, stateDir: join(dir, 'device'), security: { sdCardDir: join(dir, 'sd') } });
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: join(dir, 'app') });
  t.after(async () => {
    await service.dispose();
    await device.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const slmp = device.listeners.find((l) => l.service === 'slmp') as { port: number };
  await service.connect({ via: 'ethernet', system: 'mx-r', host: '127.0.0.1', port: slmp.port });
  const w = service.wizard;
  let v = await w.start({ operatorName: 'T. Tester' });
  v = await w.measureBandwidth();
  const m = v.bandwidth!;
  assert.ok(m.measured, JSON.stringify(m.text));
  assert.equal(m.measured.link, 'ethernet');
  assert.ok(m.measured.rounds > 0 && m.measured.bytesSent > 0 && m.measured.bytesReceived > 0);
  assert.match(m.text[0]!.en, /^Measured by this app just now over Ethernet: \d+ standard SLMP self tests/);
  assert.match(m.text[0]!.ja, /自己診断/);
  assert.ok(m.text.some((x) => /not seen from here/.test(x.en)), 'says what it cannot see');
  assert.ok(!m.text.some((x) => /USB cable/.test(x.en)), 'no USB caveat over Ethernet');
  const { min, max } = PROJECT_LIMITS.bandwidthKbps;
  for (const k of [m.suggested!.sendKbps, m.suggested!.receiveKbps]) assert.ok(k >= min && k <= max && k % 64 === 0, String(k));
  assert.equal(v.busy, undefined);

  // The technician takes the suggestion: a change of the profile, not a confirmation of step 7.
  v = await w.updateSettings({ key: 'bandwidthLimit', value: { ...v.profile.settings.bandwidthLimit, sendKbps: m.suggested!.sendKbps, receiveKbps: m.suggested!.receiveKbps } });
  assert.equal(v.profile.settings.bandwidthLimit.sendKbps, m.suggested!.sendKbps);
  const s7 = v.steps.find((s) => s.number === 7)!;
  assert.notEqual(s7.status, 'values-set');
  assert.equal(s7.parts?.find((p) => p.id === 'bandwidthLimit')?.status, 'changed');
});

test('over the practice USB cable the measurement says the Ethernet port may differ and that it is a practice device', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-bandwidth-usb-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' });
  await service.wizard.start({ operatorName: 'T. Tester' });
  const v = await service.wizard.measureBandwidth();
  assert.equal(v.bandwidth?.measured?.link, 'usb');
  assert.ok(v.bandwidth!.text.some((x) => /USB cable: the limit applies to the Ethernet port/.test(x.en)));
  assert.ok(v.bandwidth!.text.some((x) => /practice device/.test(x.en)));
});
