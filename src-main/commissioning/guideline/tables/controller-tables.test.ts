// Table 9 (MX-R) and Table 27 (MX-F): every row's check passes on a device that holds the recommended
// profile and fails (or stays unverified, for attestations) on a device that breaks that row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSnapshot, type ControllerSnapshot } from '../../../model/device-snapshot';
import { recommendedProfile } from '../../recommended-profile';
import type { ControllerProfile } from '../../../model/security-settings';
import { evaluateTable } from './evaluate';
import { CONTROLLER_TOPICS, type ControllerRow, type ControllerTopic } from './controller-rows';
import { TABLE_9_MX_R } from './table-9-mx-r';
import { TABLE_27_MX_F } from './table-27-mx-f';
import { CONTROLLER_CHECKS } from './controller-checks';
import { GUIDELINE } from '../index';
import { englishSentencesIn } from '../../../messages/english-in-japanese';

const AT = new Date('2026-03-01T09:00:00.000Z');
const PC = '192.0.2.50';

function setup(model: string): { profile: ControllerProfile; snapshot: ControllerSnapshot } {
  const profile = recommendedProfile(model, { pcAddress: PC }) as ControllerProfile;
  const snapshot = expectedSnapshot(profile, { at: AT, linkKind: 'ethernet', deviceAddress: '192.0.2.10', pcAddress: PC });
  return { profile, snapshot };
}

/** A profile whose SLMP reaches beyond the trust boundary over TLS, so row 15 applies. */
function withSlmpBeyondBoundary(p: ControllerProfile): ControllerProfile {
  const q = structuredClone(p);
  q.settings.encryptedCommunication.functions.slmp = { inUse: true, beyondTrustBoundary: true, tls: true };
  return q;
}

interface Case {
  /** Adjusts the profile the row needs to apply (both the passing and the failing case use it). */
  prepare?: (p: ControllerProfile) => ControllerProfile;
  /** Breaks the device (or, for attestation rows, nothing: the missing attestation is the failure). */
  breaks: (s: ControllerSnapshot, p: ControllerProfile) => void;
  failStatus?: 'fail' | 'not-verified';
}

const CASES: Record<ControllerTopic, Case> = {
  userAuthenticationFirst: { breaks: (s) => void (s.userAuthentication!.value.enabled = false) },
  operationAuthority: { breaks: (s) => void s.settings.users!.value.users.push({ name: 'intruder', group: 'Administrators' }) },
  passwordExpiry: { breaks: (s) => void (s.settings.passwordPolicy!.value.expiryEnabled = false) },
  passwordStrength: { breaks: (s) => void (s.settings.passwordPolicy!.value.strength = 'medium') },
  lockout: { breaks: (s) => void (s.settings.lockout!.value = { failures: 50, minutes: 15 }) },
  logonMessage: { breaks: (s) => void (s.settings.logonMessage!.value = { enabled: false, text: '' }) },
  otherModulesProtected: { breaks: () => {}, failStatus: 'not-verified' },
  sessionTimers: { breaks: (s) => void (s.settings.sessionTimers!.value.logoffTimeoutMinutes = 0) },
  eventHistoryEnabled: { breaks: (s) => void (s.settings.eventHistory!.value.enabled = false) },
  eventHistorySize: { breaks: (s) => void (s.settings.eventHistory!.value.sizeKb = 4) },
  eventHistoryBackup: { breaks: () => {}, failStatus: 'not-verified' },
  correctTime: { breaks: (s) => void (s.clock!.offsetSeconds = 120) },
  tamperCheck: { breaks: (s) => void (s.settings.eventHistory!.value.tamperCheck = false) },
  backupEncryption: { breaks: (s) => void (s.settings.backupEncryption!.value.enabled = false) },
  encryptBeyondTrustBoundary: { prepare: withSlmpBeyondBoundary, breaks: (s) => void (s.settings.encryptedCommunication!.value.functions.slmp.tls = false) },
  encryptViaBuiltInPorts: { breaks: () => {}, failStatus: 'not-verified' },
  certificateOneYear: { breaks: (s) => void (s.certificate!.notAfter = new Date(AT.getTime() + 730 * 86_400_000).toISOString()) },
  ipFilter: { breaks: (s) => void (s.settings.ipFilter!.value.enabled = false) },
  unusedPortsClosed: { breaks: (s) => void (s.settings.defaultOpenPorts!.value.port1!['slmp-tcp'] = 'open') },
  outsideViaBuiltInPorts: { breaks: () => {}, failStatus: 'not-verified' },
  bandwidthLimit: { breaks: (s) => void (s.settings.bandwidthLimit!.value.enabled = false) },
  dosCountermeasuresCombined: {
    breaks: (s) => {
      s.settings.ipFilter!.value.enabled = false;
      for (const services of Object.values(s.settings.defaultOpenPorts!.value)) for (const k of Object.keys(services ?? {})) (services as Record<string, string>)[k] = 'open';
    },
  },
};

function runCases(tableName: string, model: string, rows: readonly ControllerRow[]): void {
  for (const row of rows) {
    const c = CASES[row.topic];
    test(`${tableName} row ${row.row} (${row.topic}): passes on a device holding the recommended profile`, () => {
      const base = setup(model);
      let profile = c.prepare ? c.prepare(base.profile) : base.profile;
      if (row.verification === 'attestation') profile = { ...profile, attestations: [{ id: row.id, by: 'K. Tanaka', at: AT.toISOString(), text: 'Checked on site.' }] };
      const snapshot = expectedSnapshot(profile, { at: AT, linkKind: 'ethernet', deviceAddress: '192.0.2.10', pcAddress: PC });
      const result = row.check(profile, snapshot);
      assert.equal(result.status, row.verification === 'attestation' ? 'attested' : 'pass', result.reason);
      assert.ok(result.evidence.length > 0, 'a verdict carries evidence');
    });
    test(`${tableName} row ${row.row} (${row.topic}): fails on a device that breaks it`, () => {
      const base = setup(model);
      const profile = c.prepare ? c.prepare(base.profile) : base.profile;
      const snapshot = expectedSnapshot(profile, { at: AT, linkKind: 'ethernet', deviceAddress: '192.0.2.10', pcAddress: PC });
      c.breaks(snapshot, profile);
      const result = row.check(profile, snapshot);
      assert.equal(result.status, c.failStatus ?? 'fail');
      assert.ok(result.reason && result.reason.length > 10, 'the technician is told why');
      // ... in Japanese too, from the catalogue, with no English sentence left in it.
      assert.ok(result.reasonText, 'the reason comes from the catalogue in both languages');
      assert.equal(result.reasonText.en, result.reason);
      assert.deepEqual(englishSentencesIn(result.reasonText.ja), [], result.reasonText.ja);
    });
  }
}

runCases('Table 9', 'MXR300-32', TABLE_9_MX_R);
runCases('Table 27', 'MXF100-16-N32', TABLE_27_MX_F);

test('row counts match the guideline: Table 9 has 22 rows, Table 27 has 21', () => {
  assert.equal(TABLE_9_MX_R.length, 22);
  assert.equal(TABLE_27_MX_F.length, 21);
  assert.deepEqual(TABLE_9_MX_R.map((r) => r.row), Array.from({ length: 22 }, (_, i) => i + 1));
  assert.deepEqual(TABLE_27_MX_F.map((r) => r.row), Array.from({ length: 21 }, (_, i) => i + 1));
});

test('Table 27 is Table 9 without row 9 ("the event history function shall be enabled")', () => {
  const t9 = TABLE_9_MX_R.map((r) => r.topic).filter((t) => t !== 'eventHistoryEnabled');
  assert.deepEqual(TABLE_27_MX_F.map((r) => r.topic), t9);
  assert.ok(!TABLE_27_MX_F.some((r) => r.topic === 'eventHistoryEnabled'));
});

test('every row has a table reference, a section, at least one IEC 62443-4-2 requirement and bilingual text', () => {
  for (const row of [...TABLE_9_MX_R, ...TABLE_27_MX_F]) {
    assert.ok(row.references.some((r) => r.table === row.table && r.row === row.row), row.id);
    assert.ok(row.references.some((r) => r.section), row.id);
    assert.ok(row.iec.length > 0, row.id);
    for (const t of [row.item, row.requirement, row.guidelineValue]) assert.ok(t.en && t.ja, row.id);
  }
  assert.equal(Object.keys(CASES).length, Object.keys(CONTROLLER_TOPICS).length);
});

test('the IP filter row is shown as a "best fit" mapping to CR 5.1, as the facts map says', () => {
  const row = TABLE_9_MX_R[17]!;
  assert.equal(row.row, 18);
  assert.deepEqual(row.iec.find((m) => m.id === 'CR 5.1'), { id: 'CR 5.1', title: 'Network segmentation', bestFit: true });
});

test('a reading the driver could not take is not-verified, never a pass', () => {
  const { profile, snapshot } = setup('MXR300-32');
  delete snapshot.settings.lockout;
  delete snapshot.clock;
  const verdicts = evaluateTable(TABLE_9_MX_R, profile, snapshot);
  assert.equal(verdicts.find((v) => v.rowId === 'table9.row5')!.status, 'not-verified');
  assert.equal(verdicts.find((v) => v.rowId === 'table9.row12')!.status, 'not-verified');
});

test('a port set closed that answers a probe from the PC fails row 19', () => {
  const { profile, snapshot } = setup('MXR300-32');
  snapshot.observed.portProbes.push({ address: '192.0.2.10', port: 5007, protocol: 'tcp', service: 'melsoft-tcp', networkPort: 'port1', state: 'open', probedAt: AT.toISOString() });
  const r = TABLE_9_MX_R[18]!.check(profile, snapshot);
  assert.equal(r.status, 'fail');
  assert.match(r.reason!, /5007/);
});

test('an event history whose manipulation check failed fails row 13 even with the check enabled', () => {
  const { profile, snapshot } = setup('MXR300-32');
  snapshot.eventHistoryStatus!.chainVerified = false;
  assert.equal(TABLE_9_MX_R[12]!.check(profile, snapshot).status, 'fail');
});

test('a failed TLS handshake from the PC fails row 15', () => {
  const base = setup('MXR300-32');
  const profile = withSlmpBeyondBoundary(base.profile);
  const snapshot = expectedSnapshot(profile, { at: AT });
  snapshot.observed.tlsHandshakes.push({ function: 'slmp', ok: false, error: 'certificate unknown', at: AT.toISOString() });
  assert.equal(TABLE_9_MX_R[14]!.check(profile, snapshot).status, 'fail');
});

test('row 15 is not applicable when nothing reaches beyond the trust boundary', () => {
  const { profile, snapshot } = setup('MXR300-32');
  assert.equal(TABLE_9_MX_R[14]!.check(profile, snapshot).status, 'not-applicable');
});

test('an exception recorded in the profile is attached to its row verdict', () => {
  const { profile, snapshot } = setup('MXR300-32');
  snapshot.settings.bandwidthLimit!.value.enabled = false;
  const withException = { ...profile, exceptions: [{ rowId: 'table9.row21', justification: 'Line bandwidth is fixed by the managed switch.', by: 'K. Tanaka', at: AT.toISOString() }] };
  const v = evaluateTable(TABLE_9_MX_R, withException, snapshot).find((x) => x.rowId === 'table9.row21')!;
  assert.equal(v.status, 'fail');
  assert.equal(v.exception?.by, 'K. Tanaka');
});

test('a profile of one system cannot be judged against a device of another', () => {
  const { profile } = setup('MXR300-32');
  const other = setup('MXF100-16-N32').snapshot;
  assert.throws(() => evaluateTable(TABLE_9_MX_R, profile, other), { code: 'SYSTEM_MISMATCH' });
});

test('issue 12 item 4: "this PC is let in" proves the filter only with its other side: an address outside the filter let in fails row 18 (Table 27 row 17)', () => {
  for (const model of ['MXR300-32', 'MXF100-16-N32']) {
    const profile = recommendedProfile(model, { pcAddress: '127.0.0.1' }) as ControllerProfile;
    const row = GUIDELINE[profile.system].settingsTable.find((r) => r.check === CONTROLLER_CHECKS.ipFilterRestricts)!;
    const snap = expectedSnapshot(profile, { deviceAddress: '127.0.0.1', pcAddress: '127.0.0.1' }) as ControllerSnapshot;
    const at = snap.takenAt;
    const refused = { ...snap, observed: { ...snap.observed, ipFilterFromPc: { pcAddress: '127.0.0.1', accepted: true, at, outside: { address: '127.0.0.2', accepted: false } } } };
    assert.equal(row.check(profile, refused).status, 'pass');
    const letIn = { ...snap, observed: { ...snap.observed, ipFilterFromPc: { pcAddress: '127.0.0.1', accepted: true, at, outside: { address: '127.0.0.2', accepted: true } } } };
    const v = row.check(profile, letIn);
    assert.equal(v.status, 'fail');
    assert.match(v.reason ?? '', /let in 127\.0\.0\.2/);
  }
});
