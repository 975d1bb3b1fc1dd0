// The operator-performed fallback observes the web interface from the PC: it answers (with its
// certificate) on a running adapter, and does not on a closed port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startVirtualAdapter } from '../../simulator/wlan-adapter/virtual-adapter';
import { observeWebInterface } from './observe-from-pc';

test('the web interface answers over HTTPS with the certificate the adapter announces; a closed port does not answer', async () => {
  const a = await startVirtualAdapter();
  try {
    const o = await observeWebInterface(a.web.host, a.web.port);
    assert.equal(o.answers, true);
    assert.equal(o.protocol, 'https');
    assert.equal(o.fingerprint256, a.web.fingerprint256);
  } finally {
    await a.stop();
  }
  const free = net.createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as net.AddressInfo).port;
  await new Promise<void>((r) => free.close(() => r()));
  assert.equal((await observeWebInterface('127.0.0.1', port)).answers, false);
});
