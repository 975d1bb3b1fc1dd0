// Issue 14: a flood of refused requests from unauthenticated clients cannot push the logon failures out of
// the event history (Table 12 row 1), over real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { DEFAULT_ROUTE, encodeRequest } from '../../slmp/frame';
import { securedControllersForTests, SecurityCallError } from '../testing/security-client';

const start = securedControllersForTests('mxc-refusal-flood-');
const ADMIN = { name: 'admin', password: 'Adm1n-Pass!' };
const readD0 = Buffer.from([0, 0, 0, 0, 0xa8, 0x00, 1, 0]);

/** Pipelines refused Device Reads and Self Tests from `localAddress` as fast as the device answers. */
async function flood(port: number, localAddress: string, until: number): Promise<number> {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => undefined);
  await new Promise((r) => socket.once('connect', r));
  const read = encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 4, command: Command.DeviceRead, subcommand: Subcommand.Word, data: readD0 });
  const selfTest = encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 4, command: Command.SelfTest, subcommand: Subcommand.None, data: Buffer.from([2, 0, 0x41, 0x42]) });
  const burst = Buffer.concat(Array.from({ length: 32 }, (_, i) => (i % 2 ? read : selfTest)));
  let sent = 0;
  let answered = 0;
  socket.on('data', (d: Buffer) => (answered += d.length));
  while (Date.now() < until && !socket.destroyed) {
    socket.write(burst);
    sent += 32;
    // Keep a bounded number of requests in flight.
    while (sent * 11 > answered + 64 * 11 * 32 && Date.now() < until && !socket.destroyed) await new Promise((r) => setImmediate(r));
  }
  socket.destroy();
  return sent;
}

test('refused requests from unauthenticated clients at full speed leave every logon-failure record in the history', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  assert.deepEqual((await usb.ok(C.Users, Op.Users.Write, { groups: [], users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }] })).rejected, []);
  const tcp = await r.connect();
  for (let i = 0; i < 3; i++) await assert.rejects(tcp.logon(ADMIN.name, `Wrong-Pass-${i}`), (e: SecurityCallError) => e.endCode === 0xc810);
  const before = r.security.history.read().records;
  const failures = before.filter((e) => e.name === 'logon-failure').map((e) => e.seq);
  assert.equal(failures.length, 3);

  const until = Date.now() + 3000;
  const sent = (await Promise.all(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'].map((a) => flood(r.slmpPort!, a, until)))).reduce((a, b) => a + b, 0);
  const after = r.security.history.read().records;
  const kept = after.filter((e) => e.name === 'logon-failure').map((e) => e.seq);
  assert.deepEqual(kept, failures, 'every logon failure is still in the history');
  const added = after.length - before.length;
  // Without coalescing every refusal was a record (thousands in 3 s); the history holds about 1,365.
  assert.ok(sent > 500, `the flood sent ${sent} requests`);
  assert.ok(added < 100 && added * 5 < sent, `${sent} refused requests added ${added} records`);
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual(await usb.ok(C.EventHistory, Op.EventHistory.Verify), { ok: true }, 'the history file written in batches verifies');
});
