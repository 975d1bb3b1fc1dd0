// Table 9/27 row 7's evidence on snapshots: which modules the device reports, in words a technician
// checks against the cabinet; the row's status stays the operator's attestation whatever is mounted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSnapshot } from '../../../model/device-snapshot';
import type { ControllerProfile } from '../../../model/security-settings';
import { recommendedProfile } from '../../recommended-profile';
import { describeModules, MODULES_EVIDENCE } from './module-configuration-evidence';
import { TABLE_9_MX_R } from './table-9-mx-r';

const AT = '2026-03-01T09:00:00.000Z';

test('serial adapters: Modbus RTU and the MC protocol are inside the trust boundary only (3.4.7.1); an unused port is not', () => {
  const lines = describeModules(
    {
      expansionAdapters: [
        { position: 1, kind: 'serial-rs232c', protocol: 'mc-protocol' },
        { position: 2, kind: 'serial-rs485', protocol: 'none' },
      ],
    },
    'mx-f',
  );
  assert.equal(lines[0]!.en, 'Expansion adapter 1: RS-232C serial, MC protocol — inside the trust boundary only (3.4.7.1); devices connected to it stay inside the equipment (Table 19 row 4)');
  assert.equal(lines[1]!.en, 'Expansion adapter 2: RS-485 serial, no protocol set — devices connected to it stay inside the equipment (Table 19 row 4)');
  assert.ok(lines.every((l) => l.ja.includes('表19 No.4')));
});

test('MX-R: a network module beside the controller cites Table 9 row 7, and no MX-F prerequisite', () => {
  const lines = describeModules({ extensionModules: [{ position: 3, kind: 'network', name: 'RJ71EN71' }, { position: 1, kind: 'input' }] }, 'mx-r');
  assert.deepEqual(lines.map((l) => l.en), [
    'Module in slot 1: input module',
    'Module in slot 3: network module (RJ71EN71) — communication through it is out of the user authentication targets: protect its network with the module\'s security functions (e.g. IP filter) or an external device (e.g. firewall) (Table 9 row 7)',
  ]);
  assert.match(lines[1]!.ja, /スロット3のユニット：ネットワークユニット（RJ71EN71） — このユニット経由の通信はユーザ認証の対象外/);
});

test('Table 9 row 7: the modules read are evidence beside the attestation; an unread configuration is shown as not read', () => {
  const base = recommendedProfile('MXR300-32') as ControllerProfile;
  const profile: ControllerProfile = { ...base, attestations: [{ id: 'table9.row7', by: 'K. Tanaka', at: AT, text: 'Network module behind the cell firewall.' }] };
  const row7 = TABLE_9_MX_R[6]!;
  const snapshot = expectedSnapshot(profile, { at: new Date(AT) });

  const unread = row7.check(profile, snapshot);
  assert.equal(unread.status, 'attested');
  assert.deepEqual(unread.evidence.find((e) => e.what === MODULES_EVIDENCE)?.value, null);

  snapshot.moduleConfiguration = { value: { extensionModules: [{ position: 1, kind: 'network' }] }, readAt: AT };
  const read = row7.check(profile, snapshot);
  assert.equal(read.status, 'attested', 'a network module does not change the verdict: the operator attests its protection');
  const value = read.evidence.find((e) => e.what === MODULES_EVIDENCE)?.value as { value: Array<{ en: string }>; readAt: string };
  assert.equal(value.readAt, AT);
  assert.match(value.value[0]!.en, /^Module in slot 1: network module — communication through it is out of the user authentication targets/);
});
