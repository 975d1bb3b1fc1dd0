// The ordering rules: user information first, then logon, then the rest; encryption by link; the
// self-lockout guards decide on facts, and say "unknown" (never "satisfied") when a fact is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROLLER_SETTING_KEYS, ADAPTER_SETTING_KEYS } from '../../model/security-settings';
import { addressMatches, checkRule, orderSettingsWrites, ORDERING_RULES } from './ordering-rules';

const keysOf = (plan: ReturnType<typeof orderSettingsWrites>) => plan.map((p) => (p.action === 'logon' ? 'logon' : p.scope ? `${p.key}:${p.scope}` : p.key));

test('user information is written first, then the app logs on, then the rest (Table 9 row 1)', () => {
  const shuffled = [...CONTROLLER_SETTING_KEYS].reverse();
  const plan = keysOf(orderSettingsWrites(shuffled, { system: 'mx-r', linkKind: 'usb' }));
  assert.equal(plan[0], 'users');
  assert.equal(plan[1], 'logon');
  for (const later of ['encryptedCommunication', 'ipFilter', 'defaultOpenPorts', 'bandwidthLimit', 'clock']) assert.ok(plan.indexOf(later) > 1, later);
});

test('the clock comes before the certificate, and the IP filter before the enhanced security setting', () => {
  const plan = keysOf(orderSettingsWrites(CONTROLLER_SETTING_KEYS, { system: 'mx-f', linkKind: 'usb' }));
  assert.ok(plan.indexOf('clock') < plan.indexOf('certificate'));
  assert.ok(plan.indexOf('ipFilter') < plan.indexOf('enhancedSecurity'), 'the PC is allowed before the filter is turned on');
  assert.ok(plan.indexOf('encryptedCommunication') < plan.indexOf('defaultOpenPorts'), 'a TLS path exists before ports close');
});

test('over Ethernet, encryption is set for the engineering tool first, then for the other functions (2.4.7.1 B)', () => {
  const plan = keysOf(orderSettingsWrites(['encryptedCommunication', 'users'], { system: 'mx-r', linkKind: 'ethernet', insideTrustBoundary: true }));
  assert.deepEqual(plan, ['users', 'logon', 'encryptedCommunication:engineering-tool', 'encryptedCommunication:other-functions']);
});

test('without user information to write, the app still logs on before the rest unless already logged on', () => {
  assert.deepEqual(keysOf(orderSettingsWrites(['ipFilter'], { system: 'mx-r' })), ['logon', 'ipFilter']);
  assert.deepEqual(keysOf(orderSettingsWrites(['ipFilter'], { system: 'mx-r', loggedOnAsAdministrator: true })), ['ipFilter']);
});

test('each write names the rules the engine must check before it', () => {
  const plan = orderSettingsWrites(['ipFilter', 'users'], { system: 'mx-r' });
  const ip = plan.find((p) => p.action === 'write' && p.key === 'ipFilter')!;
  assert.deepEqual(ip.requires, ['order.user-authentication-first', 'guard.pc-allowed-before-ip-filter']);
});

test('the adapter: password first, MAC filters last and guarded', () => {
  const plan = orderSettingsWrites([...ADAPTER_SETTING_KEYS].reverse(), { system: 'wlan-adapter' });
  assert.deepEqual(keysOf(plan).slice(0, 2), ['webPassword', 'logon']);
  const last = plan.at(-1)!;
  assert.ok(last.action === 'write' && last.key === 'macFilter' && last.requires.includes('guard.pc-mac-allowed-before-mac-filter'));
});

test('a key that is not a setting of the system is a typed error', () => {
  assert.throws(() => orderSettingsWrites(['ssid'], { system: 'mx-r' }), { code: 'UNKNOWN_SETTING_KEY' });
});

test('encryption over plain Ethernet is violated outside the trust boundary, satisfied over USB', () => {
  assert.equal(checkRule('order.encryption-by-link', { system: 'mx-r', linkKind: 'usb' }).status, 'satisfied');
  assert.equal(checkRule('order.encryption-by-link', { system: 'mx-r', linkKind: 'ethernet', insideTrustBoundary: false }).status, 'violated');
  assert.equal(checkRule('order.encryption-by-link', { system: 'mx-r', linkKind: 'ethernet' }).status, 'unknown');
});

test('the IP filter guard stops a PC from locking itself out over Ethernet', () => {
  const ctx = { system: 'mx-r' as const, linkKind: 'ethernet' as const, pcAddress: '192.0.2.50' };
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...ctx, ipFilter: { enabled: true, mode: 'allow', addresses: ['192.0.2.10'] } }).status, 'violated');
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...ctx, ipFilter: { enabled: true, mode: 'allow', addresses: ['192.0.2.0/24'] } }).status, 'satisfied');
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...ctx, ipFilter: { enabled: true, mode: 'deny', addresses: ['192.0.2.50'] } }).status, 'violated');
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...ctx, ipFilter: { enabled: false, mode: 'allow', addresses: [] }, enhancedSecurityEnabled: true }).status, 'violated', 'enhanced security turns on an empty allow-list');
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...ctx, linkKind: 'usb', ipFilter: { enabled: true, mode: 'allow', addresses: [] } }).status, 'satisfied');
});

test('the IP filter guard also protects the TLS path the app reconnects over after the restart, even when written over USB', () => {
  const overUsb = { system: 'mx-r' as const, linkKind: 'usb' as const, laterLinkKind: 'ethernet-tls' as const };
  const filter = { enabled: true, mode: 'allow' as const, addresses: ['192.0.2.10'] };
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...overUsb, ipFilter: filter, pcAddress: '192.0.2.50' }).status, 'violated');
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...overUsb, ipFilter: filter, pcAddress: '192.0.2.10' }).status, 'satisfied');
  assert.equal(checkRule('guard.pc-allowed-before-ip-filter', { ...overUsb, ipFilter: filter }).status, 'unknown', 'the PC address must be known');
});

test('closing the port in use needs a verified TLS path; the last Administrator cannot go', () => {
  assert.equal(checkRule('guard.service-in-use-needs-tls-path', { system: 'mx-r', linkKind: 'ethernet', closesServiceInUse: true, tlsPathVerified: false }).status, 'violated');
  assert.equal(checkRule('guard.service-in-use-needs-tls-path', { system: 'mx-r', linkKind: 'ethernet', closesServiceInUse: true, tlsPathVerified: true }).status, 'satisfied');
  assert.equal(checkRule('guard.last-administrator', { system: 'mx-f', administratorsAfterChange: 0 }).status, 'violated');
  assert.equal(checkRule('recommend.second-administrator', { system: 'mx-f', administratorsAfterChange: 1 }).status, 'violated');
});

test('clock before certificates, firmware conditions, backup before initialization, restore reminder', () => {
  assert.equal(checkRule('order.clock-before-certificates', { system: 'mx-r', clockOffsetSeconds: 30, maxClockOffsetSeconds: 2 }).status, 'violated');
  const fw = checkRule('guard.firmware-update-conditions', { system: 'mx-r', loggedOnAsAdministrator: true, cpuState: 'RUN', disconnectedFromOtherNetworks: true });
  assert.equal(fw.status, 'violated');
  assert.match(fw.message!.en, /stop the system/);
  assert.equal(checkRule('guard.firmware-update-conditions', { system: 'mx-r', loggedOnAsAdministrator: true, cpuState: 'STOP', disconnectedFromOtherNetworks: true }).status, 'satisfied');
  assert.equal(checkRule('order.backup-before-initialization', { system: 'mx-r', backupTakenOrDeclined: false }).status, 'violated');
  assert.equal(checkRule('reminder.backup-encryption-not-restored', { system: 'mx-r', restoredSinceEncryptionSet: true }).status, 'violated');
  assert.equal(checkRule('order.user-authentication-first', { system: 'wlan-adapter' }).status, 'not-applicable');
});

test('every rule has a bilingual statement and a reference', () => {
  for (const r of ORDERING_RULES) {
    assert.ok(r.statement.en && r.statement.ja && r.references.length > 0 && r.appliesTo.length > 0, r.id);
  }
  assert.ok(addressMatches('10.0.0.7', '10.0.0.0/8'));
  assert.ok(!addressMatches('10.0.0.7', '10.0.0.8'));
});

test('order.disposal: decided from the disposal kinds\' facts (controllers: the SD card; the adapter: the logs deleted apart from the initialization)', () => {
  const facts = { system: 'mx-r' as const, backupTakenOrDeclined: true, initializedAll: true, sdCardHandled: true };
  assert.equal(checkRule('order.disposal', facts).status, 'satisfied');
  assert.equal(checkRule('order.disposal', { ...facts, initializedAll: false }).status, 'violated');
  assert.equal(checkRule('order.disposal', { ...facts, sdCardHandled: false }).status, 'violated');
  assert.equal(checkRule('order.disposal', { system: 'mx-f' }).status, 'unknown');
  assert.equal(checkRule('order.disposal', { system: 'wlan-adapter' }).status, 'unknown');
  const adapter = { system: 'wlan-adapter' as const, backupTakenOrDeclined: true, initializedAll: true, logsDeleted: true };
  assert.equal(checkRule('order.disposal', adapter).status, 'satisfied');
  assert.equal(checkRule('order.disposal', { ...adapter, logsDeleted: false }).status, 'violated', 'initialized but the logs kept (4.4.8)');
  assert.equal(checkRule('order.disposal', { ...adapter, initializedAll: false }).status, 'violated');
});
