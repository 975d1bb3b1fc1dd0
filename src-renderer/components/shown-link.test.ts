import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownLink } from './shown-link';
import type { LinkView } from '../../src-main/ipc/wizard-contract';

const usbSession: LinkView = { kind: 'usb', description: 'USB (direct cable)', virtual: true, trustBoundaryAttested: false };
const visitLink = { kind: 'ethernet-tls' as const, description: 'tls://127.0.0.1:5000', virtual: true, tls: { fingerprint256: 'AA:BB:CC', notAfter: '2027-12-01T00:00:00.000Z' } };

test('the header shows the visit\'s TLS link while main holds it, and no link once main says the last one closed', () => {
  // A finished commissioning session (over USB) is still in the store when the technician starts a visit.
  const during = shownLink({ screen: 'visit', lifecycleLink: visitLink, identity: undefined, sessionLink: usbSession, inSession: true });
  assert.deepEqual(during, { kind: 'ethernet-tls', virtual: true, tls: { fingerprint256: 'AA:BB:CC', notAfter: '2027-12-01T00:00:00.000Z', pinned: true } });
  const after = shownLink({ screen: 'visit', lifecycleLink: null, identity: undefined, sessionLink: usbSession, inSession: true });
  assert.equal(after.kind, undefined, 'not the commissioning session\'s USB link: "Not connected"');
  // The connection main really holds is still shown on a visit screen; the procedure still shows its session.
  assert.equal(shownLink({ screen: 'visit', lifecycleLink: null, identity: { linkKind: 'usb', virtual: false } as never, sessionLink: null, inSession: false }).kind, 'usb');
  assert.equal(shownLink({ screen: 'procedure', lifecycleLink: null, identity: undefined, sessionLink: usbSession, inSession: true }).kind, 'usb');
});
