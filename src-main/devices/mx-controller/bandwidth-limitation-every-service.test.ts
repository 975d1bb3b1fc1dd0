// Bandwidth limitation against DoS (2.4.10, Table 17 row 10) counts traffic on every Ethernet service of the
// virtual controller, not only on SLMP: a flood sent to a default open service the device accepts but does
// not speak (MELSOFT over TCP) raises the access restriction event too. Real sockets, loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, commissionUsers, startFixture } from './testing/virtual-controller-fixture';
import { EVENT, readAllEvents, waitForDevice } from './testing/periodic-verification-cases';

test('a flood on the MELSOFT TCP service is limited and recorded like one on SLMP', async (t) => {
  const f = await startFixture(t, 'MXR300-32');
  let admin = await commissionUsers(f);
  assert.deepEqual(await admin.writeParameters({ bandwidthLimit: { enabled: true, sendKbps: 64, receiveKbps: 64 } }), []);
  await admin.restart();
  admin = await waitForDevice(f);
  await admin.logon(ADMIN.name, ADMIN.password);
  const limited = async () => (await readAllEvents(admin)).filter((e) => e.code === EVENT.bandwidthLimited).length;
  const before = await limited();

  const melsoft = f.running.listeners.find((l) => l.service === 'melsoft-tcp');
  assert.ok(melsoft && melsoft.transport === 'tcp', 'the MELSOFT TCP service is open at the factory');
  const socket = net.connect({ host: melsoft.host, port: melsoft.port });
  t.after(() => socket.destroy());
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  // 32 KB within a quarter of a second: four times the one-second bucket of 64 kbit/s (8000 bytes/s).
  for (let i = 0; i < 8; i++) {
    socket.write(Buffer.alloc(4 * 1024, 0x55));
    await sleep(25);
  }
  let after = before;
  for (let i = 0; i < 60 && after === before; i++) {
    await sleep(50);
    after = await limited();
  }
  assert.ok(after > before, 'an access restriction event for the flood on melsoft-tcp');
  assert.equal((await admin.readDiagnostics()).flags.bandwidthLimited, true, 'the diagnostic flag says so');
});
