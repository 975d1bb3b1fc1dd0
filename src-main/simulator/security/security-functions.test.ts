import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildAuthMessage, computeClientProof, createNonce } from '../../crypto/logon-proof';
import { SecurityFunctions } from './security-functions';

const eventKey = randomBytes(32);
const peer = { address: '127.0.0.2', transport: 'tcp' } as const;
const stranger = { address: '::ffff:127.0.0.9', transport: 'tcp' } as const;

function device(family: 'MX-R' | 'MX-F' = 'MX-R') {
  let t = new Date('2026-03-01T08:00:00Z').getTime();
  const now = () => new Date(t);
  return { sec: new SecurityFunctions({ family, now, eventKey }), now, advance: (ms: number) => { t += ms; } };
}

async function adminSession(sec: SecurityFunctions): Promise<string> {
  await sec.userAuthentication.writeUserInformation(null, { users: [{ name: 'admin', group: 'Administrators', password: 'Adm1n-Pass!' }, { name: 'op1', group: 'Users', password: 'Op3rator-Pw' }] });
  const clientNonce = createNonce();
  const begun = sec.userAuthentication.beginLogon({ userName: 'admin', clientNonce, peer });
  assert.ok(begun.ok);
  const c = begun.challenge;
  const proof = await computeClientProof('Adm1n-Pass!', c.salt, c.kdf, buildAuthMessage({ userName: 'admin', clientNonce, combinedNonce: c.combinedNonce, salt: c.salt, kdf: c.kdf }));
  const r = sec.userAuthentication.completeLogon({ logonId: c.logonId, clientProof: proof.clientProof, peer });
  assert.ok(r.ok);
  return r.sessionId;
}

test('Table 12 row 3: a connection refused by the IP filter is recorded with the peer address', async () => {
  const { sec } = device();
  const admin = await adminSession(sec);
  assert.ok(sec.setIpFilter(admin, { enabled: true, mode: 'allow', entries: ['127.0.0.2'] }, peer).ok);
  assert.deepEqual(sec.admit(peer, 'port3', 'melsoft-tcp'), { allowed: true });
  assert.deepEqual(sec.admit(stranger, 'port3', 'melsoft-tcp'), { allowed: false, reason: 'ip-filter' });
  const last = sec.eventHistory.read().records.at(-1)!;
  assert.equal(last.name, 'ip-filter-refused');
  assert.equal(last.peerAddress, '::ffff:127.0.0.9');
});

test('Table 9 row 1: security settings are parameter writes: refused without an Administrator once authentication is on', async () => {
  const { sec } = device();
  await adminSession(sec);
  const r = sec.setPort(null, 'port1', 'slmp-tcp', false, stranger);
  assert.ok(!r.ok && r.reason === 'not-logged-on');
  assert.equal(sec.eventHistory.read().records.at(-1)!.name, 'operation-refused');
  assert.equal(sec.ports.isOpen('port1', 'slmp-tcp'), true);
});

test('facts: the enhanced security setting on MX-R closes TSN ports, empties the allow-list and turns the tamper check on', async () => {
  const { sec } = device('MX-R');
  const admin = await adminSession(sec);
  assert.ok(sec.applyEnhancedSecurityPreset(admin, peer).ok);
  assert.deepEqual(sec.ports.openServices('port1'), []);
  assert.equal(sec.ipFilter.wouldExclude('127.0.0.2'), true, 'an empty allow-list shuts everyone out until entries are added');
  assert.equal(sec.eventHistory.settings.destination, 'data-memory');
  assert.equal(sec.eventHistory.settings.manipulationCheck, true);
  assert.deepEqual(sec.eventHistory.read().integrity, { ok: true });
});

test('Table 17 row 1: initialization of all information restores the factory state and is the first new record', async () => {
  const { sec } = device();
  const admin = await adminSession(sec);
  sec.setIpFilter(admin, { enabled: true, mode: 'deny', entries: ['127.0.0.9'] });
  sec.initializeAll({ user: 'admin', peer });
  assert.equal(sec.userAuthentication.enabled, false);
  assert.equal(sec.ipFilter.settings.enabled, false);
  const { records } = sec.eventHistory.read();
  assert.deepEqual(records.map((r) => r.name), ['initialize-all']);
});

test('the whole security state survives a power cycle as one JSON document, without any password in it', async () => {
  const { sec, now } = device('MX-F');
  const admin = await adminSession(sec);
  sec.setBandwidth(admin, { enabled: true, sendBytesPerSecond: 100_000, receiveBytesPerSecond: 200_000 });
  const json = JSON.stringify(sec);
  assert.ok(!json.includes('Adm1n-Pass!') && !json.includes('Op3rator-Pw'));
  const again = SecurityFunctions.fromJSON(JSON.parse(json), { family: 'MX-F', now, eventKey });
  assert.equal(again.bandwidth.settings.receiveBytesPerSecond, 200_000);
  assert.equal(again.userAuthentication.enabled, true);
  assert.deepEqual(again.eventHistory.verify(), { ok: true });
  assert.throws(() => SecurityFunctions.fromJSON(JSON.parse(json), { family: 'MX-R', now, eventKey }), /for MX-F, not MX-R/);
});
