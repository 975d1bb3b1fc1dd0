// The profile is user-editable: a technician who edits it by hand must get errors that name the field and
// say what to do, and a profile must never carry a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendedProfile } from '../commissioning/recommended-profile';
import { validateProfile, type ControllerProfile } from './security-settings';
import { parseProfile } from '../commissioning/parse-profile';

const base = (): ControllerProfile => recommendedProfile('MXR300-32', { pcAddress: '192.0.2.50' }) as ControllerProfile;
const issuesOf = (input: unknown) => {
  const v = validateProfile(input);
  assert.equal(v.ok, false, 'the profile should be refused');
  return v.ok ? [] : v.issues;
};

test('a password anywhere in a profile is refused with its path', () => {
  const p = base() as unknown as { settings: { users: { users: Array<Record<string, unknown>> } } };
  p.settings.users.users[0]!.password = 'Secret#2026';
  const issues = issuesOf(p);
  assert.equal(issues[0]!.path, 'settings.users.users.0.password');
  assert.match(issues[0]!.message, /never holds a password/);
  assert.ok(!JSON.stringify(issues).includes('Secret#2026'), 'the secret is not echoed back');
});

test('a lockout outside the project range is refused with the field path and the range', () => {
  const p = base();
  p.settings.lockout.failures = 1;
  const issues = issuesOf(p);
  assert.deepEqual(issues.map((i) => i.path), ['settings.lockout.failures']);
  assert.match(issues[0]!.message, /at least 3/);
});

test('the MX-R model accepts TLS 1.2 or 1.3 only; "1.2/1.3" is an MX-F choice', () => {
  const p = base() as unknown as { settings: { encryptedCommunication: { tlsVersion: string } } };
  p.settings.encryptedCommunication.tlsVersion = '1.2/1.3';
  assert.equal(issuesOf(p)[0]!.path, 'settings.encryptedCommunication.tlsVersion');
  const f = recommendedProfile('MXF100-16-N32') as ControllerProfile;
  assert.equal(f.settings.encryptedCommunication.tlsVersion, '1.2/1.3');
});

test('a profile without an Administrator is refused (only Administrators unlock, write and initialize)', () => {
  const p = base();
  p.settings.users.users = p.settings.users.users.map((u) => ({ ...u, group: 'Users' }));
  const issues = issuesOf(p);
  assert.ok(issues.some((i) => i.path === 'settings.users.users' && /Administrators group/.test(i.message)));
});

test('the authorities of the built-in groups cannot be changed (Table 11)', () => {
  const p = base();
  p.settings.users.groups[1]!.authorities.push('file-write');
  assert.ok(issuesOf(p).some((i) => i.path === 'settings.users.groups.1.authorities' && /Table 11/.test(i.message)));
});

test('a user in an undefined group is refused', () => {
  const p = base();
  p.settings.users.users.push({ name: 'maint', group: 'Maintenance' });
  assert.ok(issuesOf(p).some((i) => i.path === 'settings.users.users.2.group'));
});

test('a port the model does not have is refused (MX-F has no port3)', () => {
  const p = recommendedProfile('MXF100-16-N32') as ControllerProfile;
  p.settings.defaultOpenPorts.port3 = { 'melsoft-tcp': 'open' };
  assert.ok(issuesOf(p).some((i) => i.path === 'settings.defaultOpenPorts.port3'));
});

test('a bad IP filter entry is refused with its index', () => {
  const p = base();
  p.settings.ipFilter.entries.push({ address: '300.1.1.1' });
  assert.ok(issuesOf(p).some((i) => i.path === 'settings.ipFilter.entries.1.address'));
});

test('a model that does not match the system is refused', () => {
  const p = base();
  p.model = 'MXF100-16-N32';
  assert.ok(issuesOf(p).some((i) => i.path === 'model'));
});

test('the adapter refuses a combination that is not in Table 46, and Enterprise without RADIUS', () => {
  const a = recommendedProfile('wlan-adapter') as Extract<ReturnType<typeof recommendedProfile>, { system: 'wlan-adapter' }>;
  const bad = structuredClone(a);
  bad.settings.security = { authentication: 'WPA3-Personal', encryption: 'TKIP' };
  assert.ok(issuesOf(bad).some((i) => i.path === 'settings.security.encryption' && /Table 46/.test(i.message)));
  const ent = structuredClone(a);
  ent.settings.security = { authentication: 'WPA3-Enterprise', encryption: 'AES' };
  assert.ok(issuesOf(ent).some((i) => i.path === 'settings.security.radius'));
  const open = structuredClone(a);
  open.settings.security = { authentication: 'Open', encryption: 'none' };
  assert.ok(issuesOf(open).length > 0);
});

test('a single Administrator is accepted with a warning recommending a second (2.4.4.3)', () => {
  const p = base();
  p.settings.users.users = [p.settings.users.users[0]!];
  const v = validateProfile(p);
  assert.ok(v.ok);
  assert.ok(v.ok && v.warnings.some((w) => /second Administrator/.test(w.message)));
});

test('parseProfile throws a typed error listing every problem', () => {
  const p = base();
  p.settings.lockout.minutes = 0;
  p.settings.sessionTimers.logoffTimeoutMinutes = 0;
  assert.throws(() => parseProfile(p), (e: Error & { code?: string; issues?: unknown[] }) => e.code === 'PROFILE_INVALID' && e.issues?.length === 2);
});

test('the event history filter is a list of event names; the device judges them, the profile only their form', () => {
  const p = base();
  p.settings.eventHistory.excludedEvents = ['file-read', 'remote-run'];
  assert.ok(validateProfile(p).ok, 'names are accepted without an app-side catalogue');
  p.settings.eventHistory.excludedEvents = ['file-read', 'File Read'];
  assert.deepEqual(issuesOf(p).map((i) => i.path), ['settings.eventHistory.excludedEvents.1']);
  p.settings.eventHistory.excludedEvents = ['file-read', 'file-read'];
  const twice = issuesOf(p);
  assert.equal(twice[0]!.path, 'settings.eventHistory.excludedEvents');
  assert.match(twice[0]!.message, /listed twice/);
  delete p.settings.eventHistory.excludedEvents;
  assert.ok(validateProfile(p).ok, 'no filter: every event is saved');
});

test('issue 12 item 5: a profile whose step-7 values the enhanced security setting (step 6) would override is refused before anything is written, naming each value', () => {
  const base = recommendedProfile('MXR300-32', { pcAddress: '192.0.2.5' }) as ControllerProfile;
  const conflicting = {
    ...base,
    settings: {
      ...base.settings,
      defaultOpenPorts: { ...base.settings.defaultOpenPorts, port1: { ...base.settings.defaultOpenPorts.port1, 'melsoft-tcp': 'open' }, port3: { ...base.settings.defaultOpenPorts.port3, 'cpu-search': 'open' } },
      ipFilter: { ...base.settings.ipFilter, mode: 'deny' },
      eventHistory: { ...(base.settings as { eventHistory: object }).eventHistory, destination: 'sd-card' },
    },
  };
  const v = validateProfile(conflicting);
  assert.equal(v.ok, false);
  const paths = v.ok ? [] : v.issues.map((i) => i.path).sort();
  assert.deepEqual(paths, ['settings.defaultOpenPorts.port1.melsoft-tcp', 'settings.defaultOpenPorts.port3.cpu-search', 'settings.eventHistory.destination']);
  assert.match(v.ok ? '' : v.issues[0]!.message, /enhanced security setting \(step 6\)/);
  // With the enhanced security setting off (a deviation the report names), step 7 decides alone.
  const off = validateProfile({ ...conflicting, settings: { ...conflicting.settings, enhancedSecurity: { enabled: false } } });
  assert.equal(off.ok, true, off.ok ? '' : JSON.stringify(off.issues));
  // OPC UA is not the preset's: it may be open with the setting on.
  const opc = validateProfile({ ...base, settings: { ...base.settings, defaultOpenPorts: { ...base.settings.defaultOpenPorts, port3: { ...base.settings.defaultOpenPorts.port3, 'opc-ua': 'open' } } } });
  assert.equal(opc.ok, true);
});
