import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectVirtualUsb } from './virtual-usb-link';
import { isLinkError } from './link-error';
import { startLoopbackServer, waitUntil } from './testing/loopback-server';

function socketPath(t: { after(fn: () => unknown): void }): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\mxc-test-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'mxc-vusb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'device.sock');
}

test('the practice device is reached as a direct USB cable, marked virtual', async (t) => {
  const path = socketPath(t);
  const device = await startLoopbackServer({ path, onConnection: (s) => s.on('data', (c) => s.write(c)) });
  t.after(() => device.close());
  const link = await connectVirtualUsb({ path, label: 'practice MXR300-32' });
  t.after(() => link.close());
  assert.equal(link.kind, 'usb');
  assert.equal(link.virtual, true);
  assert.equal(link.description, 'USB (direct cable) — practice MXR300-32');
  const got: Buffer[] = [];
  link.onData((c) => got.push(c));
  await link.write(Buffer.from([0x54, 0x00, 0x01]));
  await waitUntil(() => Buffer.concat(got).equals(Buffer.from([0x54, 0x00, 0x01])));
});

test('a practice device that is not running is reported as such', async (t) => {
  const path = socketPath(t);
  await assert.rejects(connectVirtualUsb({ path, label: 'practice MXF100-16-N32' }), (e: unknown) => {
    assert.ok(isLinkError(e, 'unreachable'));
    assert.match(e.message, /practice MXF100-16-N32.*not running/);
    return true;
  });
});

test('stopping the practice device closes the cable with an error', async (t) => {
  const path = socketPath(t);
  const device = await startLoopbackServer({ path });
  const link = await connectVirtualUsb({ path });
  const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));
  await device.close();
  assert.ok(isLinkError(await closed));
  assert.equal(link.closed, true);
});
