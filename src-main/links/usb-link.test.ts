// The USB bus is the one thing that cannot run here (no /sys/bus/usb on this machine), so besides the
// real `usb` package's "no bus" answer these tests use testing/fake-usb.ts, a FAKE of the package's
// objects with the same names, shapes and error texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listUsbDevices } from './usb-discovery';
import { openUsbLink } from './usb-link';
import { isLinkError } from './link-error';
import { FakeUsbDevice, bulkInterface, fakeUsbModule } from './testing/fake-usb';
import { waitUntil } from './testing/loopback-server';

const MELCO = 0x06d3;

test('on a machine without a USB bus the real usb package yields "no devices", not an exception', async () => {
  const listing = await listUsbDevices();
  if (listing.busAvailable) {
    // A developer machine with a bus: still no exception, and only Mitsubishi devices listed.
    assert.ok(listing.devices.every((d) => d.vendorId === MELCO));
    return;
  }
  assert.deepEqual({ ...listing, reason: undefined }, { busAvailable: false, devices: [], note: 'no-usb-bus', reason: undefined });
  assert.ok(listing.reason === 'no-bus' || listing.reason === 'library-unavailable');
});

test('a USB library that fails to load, or a permission error, means no devices', async () => {
  const broken = await listUsbDevices({ loadUsb: async () => { throw new Error('Cannot find native binding'); } });
  assert.deepEqual(broken, { busAvailable: false, devices: [], note: 'no-usb-bus', reason: 'library-unavailable' });
  const denied = await listUsbDevices({
    loadUsb: async () => ({ usb: { getDevices: async () => { throw new Error('/sys/bus/usb/devices/ permission denied'); } } }),
  });
  assert.equal(denied.reason, 'permission-denied');
  assert.deepEqual(denied.devices, []);
});

test("only Mitsubishi Electric's vendor ID 0x06D3 is listed, and the note says the protocol is not public", async () => {
  const keyboard = new FakeUsbDevice({ vendorId: 0x046d, productId: 0xc31c, address: 3, productName: 'Keyboard' });
  const plc = new FakeUsbDevice({ vendorId: MELCO, productId: 0x1234, address: 9, productName: null, serialNumber: 'A1B2' });
  const listing = await listUsbDevices({ loadUsb: fakeUsbModule([keyboard, plc]) });
  assert.equal(listing.busAvailable, true);
  assert.equal(listing.note, 'protocol-not-public');
  assert.deepEqual(listing.devices, [
    { id: 'usb:06d3:1234@1.9', label: 'Mitsubishi Electric device (product ID 0x1234), serial A1B2', vendorId: MELCO, productId: 0x1234, serialNumber: 'A1B2' },
  ]);
  const none = await listUsbDevices({ loadUsb: fakeUsbModule([keyboard]) });
  assert.deepEqual(none, { busAvailable: true, devices: [], note: 'ok' });
});

test('frames round-trip through bulk transfers, and the link is honest about the protocol', async (t) => {
  const plc = new FakeUsbDevice({ vendorId: MELCO, productId: 0x1234, respond: (w) => Uint8Array.from([0xd4, ...w]) });
  const loadUsb = fakeUsbModule([plc]);
  const [listed] = (await listUsbDevices({ loadUsb })).devices;
  const link = await openUsbLink(listed!.id, { loadUsb, readTimeoutMs: 50 });
  t.after(() => link.close());
  assert.equal(link.kind, 'usb');
  assert.equal(link.virtual, false);
  assert.equal(link.note, 'protocol-not-public');
  assert.match(link.description, /^USB \(direct cable\) — MELSEC MX, serial SN0001 — .*not public/);
  assert.equal(plc.configuration?.interfaces[0]?.claimed, true);
  const got: Buffer[] = [];
  link.onData((c) => got.push(c));
  // Idle reads time out ("transfer was cancelled") and are re-issued without closing the link.
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(link.closed, false);
  await link.write(Uint8Array.from([0x54, 0x00, 0x12, 0x34]));
  await waitUntil(() => Buffer.concat(got).equals(Buffer.from([0xd4, 0x54, 0x00, 0x12, 0x34])));
  await link.close();
  assert.equal(plc.opened, false);
  assert.equal(plc.configuration?.interfaces[0]?.claimed, false);
});

test('the first interface with bulk IN and OUT is claimed; a device without one is refused', async (t) => {
  const plc = new FakeUsbDevice({ vendorId: MELCO, productId: 1, interfaces: [bulkInterface(0, { in: 'interrupt' }), bulkInterface(1)] });
  const link = await openUsbLink('usb:06d3:0001@1.7', { loadUsb: fakeUsbModule([plc]), readTimeoutMs: 50 });
  t.after(() => link.close());
  assert.deepEqual(plc.configuration?.interfaces.map((i) => i.claimed), [false, true]);
  await link.write(Uint8Array.from([9]));
  assert.deepEqual(plc.written, [Uint8Array.from([9])]);
  assert.equal(link.closed, false);
  const hid = new FakeUsbDevice({ vendorId: MELCO, productId: 2, interfaces: [bulkInterface(0, { out: 'interrupt' })] });
  await assert.rejects(openUsbLink('usb:06d3:0002@1.7', { loadUsb: fakeUsbModule([hid]) }), (e: unknown) => isLinkError(e, 'usb-no-bulk-interface'));
  assert.equal(hid.opened, false);
  await assert.rejects(openUsbLink('usb:06d3:0009@1.7', { loadUsb: fakeUsbModule([hid]) }), (e: unknown) => isLinkError(e, 'usb-not-found'));
});

test('unplugging the cable mid-transfer closes the link with an error', async () => {
  const plc = new FakeUsbDevice({ vendorId: MELCO, productId: 0x1234, respond: () => undefined });
  const link = await openUsbLink('usb:06d3:1234@1.7', { loadUsb: fakeUsbModule([plc]), readTimeoutMs: 5000 });
  const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  await link.write(Uint8Array.from([1, 2, 3])); // the request is out; the answer's bulk read is pending
  plc.unplug();
  const error = await closed;
  assert.ok(isLinkError(error, 'usb-disconnected'));
  assert.match(error.message, /unplugged/);
  assert.equal(link.closed, true);
  await assert.rejects(link.write(Uint8Array.from([4])), (e: unknown) => isLinkError(e, 'closed'));
});

test('a write to an unplugged device fails and closes the link', async () => {
  const plc = new FakeUsbDevice({ vendorId: MELCO, productId: 0x1234 });
  const link = await openUsbLink('usb:06d3:1234@1.7', { loadUsb: fakeUsbModule([plc]), readTimeoutMs: 5000 });
  const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  plc.unplug();
  await assert.rejects(link.write(Uint8Array.from([1])), (e: unknown) => isLinkError(e, 'usb-disconnected'));
  assert.ok(isLinkError(await closed, 'usb-disconnected'));
});
