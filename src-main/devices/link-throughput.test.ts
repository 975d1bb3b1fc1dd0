// Timing the link for the bandwidth limitation over a real loopback TCP socket to a virtual controller:
// standard SLMP self tests, every byte each way counted by the SLMP client, bounded in count and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEndpoint } from './endpoint';
import { MxControllerDriver } from './mx-controller/mx-controller-driver';
import { startVirtualController } from '../simulator/start-virtual-controller';
import { ECHO_CHARACTERS, measureThroughput, suggestedLimitKbps, THROUGHPUT_ROUNDS } from './link-throughput';

test('the link to a controller is timed with SLMP self tests over TCP: the bytes each way and the rates in the controller\'s directions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-throughput-'));
  const device = await startVirtualController({ model: 'MXR300-32', host: '127.0.0.1', slmpPort: 0, stateDir: join(dir, 'device'), security: { sdCardDir: join(dir, 'sd') } });
  const slmp = device.listeners.find((l) => l.service === 'slmp') as { port: number };
  const driver = new MxControllerDriver(await openEndpoint({ kind: 'tcp', host: '127.0.0.1', port: slmp.port }, { virtual: true }));
  t.after(async () => {
    await driver.close();
    await device.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const r = await measureThroughput((text) => driver.echo(text));
  assert.ok(r.rounds >= 1 && r.rounds <= THROUGHPUT_ROUNDS, `bounded: ${r.rounds}`);
  // Each echo carries the 960 characters each way, plus the frames' headers (counted, never guessed).
  assert.ok(r.bytesSent >= r.rounds * ECHO_CHARACTERS && r.bytesSent < r.rounds * (ECHO_CHARACTERS + 64), `sent ${r.bytesSent}`);
  assert.ok(r.bytesReceived >= r.rounds * ECHO_CHARACTERS && r.bytesReceived < r.rounds * (ECHO_CHARACTERS + 64), `received ${r.bytesReceived}`);
  // The controller sent what this PC received, and the other way round.
  assert.ok(Math.abs(r.controllerSendKbps - (r.bytesReceived * 8) / r.elapsedMs) < 1e-6);
  assert.ok(Math.abs(r.controllerReceiveKbps - (r.bytesSent * 8) / r.elapsedMs) < 1e-6);
  assert.ok(r.controllerSendKbps > 0);
});

test('the series stops at its time bound, and a cancel stops it', async () => {
  let clock = 0;
  const slow = async () => {
    clock += 1_500; // each echo takes 1.5 s of the injected clock
    return { sent: 1_000, received: 1_000 };
  };
  const r = await measureThroughput(slow, { now: () => clock });
  assert.equal(r.rounds, 4, 'no echo starts after 5 s');
  assert.equal(r.elapsedMs, 6_000);
  assert.equal(r.controllerSendKbps, (4_000 * 8) / 6_000);
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(measureThroughput(slow, { signal: abort.signal }));
});

test('the suggested limit is twice the measured rate in 64 kbit/s steps, within the setting\'s range', () => {
  assert.equal(suggestedLimitKbps(100), 256);
  assert.equal(suggestedLimitKbps(0.5), 64);
  assert.equal(suggestedLimitKbps(10_000_000), 1_000_000);
});
