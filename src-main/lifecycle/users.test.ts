// 2.4.4.3 over time against a virtual MXR300-32: add a user (who then logs on), remove one (the warning
// when one Administrator is left; the last one never removed), unlock only as an Administrator, and the
// device's no-reuse rule holds for an Administrator's own new password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderingRuleViolation } from '../commissioning/engine/engine-errors';
import { DeviceOperationError } from '../devices/device-error';
import { ADMIN, commissionUsers, OPERATOR, startFixture, VIEWER } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { addUser, changeOwnPassword, removeUser, unlockUser, UserChangeError } from './users';

test('users over time: add, remove, last Administrator kept, unlock by Administrators only, no reuse', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  assert.deepEqual(await addUser(admin, { name: 'admin2', group: 'Administrators', password: 'Ad2-Second-Admin!' }), []);
  const second = await f.tcp();
  assert.equal((await second.logon('admin2', 'Ad2-Second-Admin!')).group, 'Administrators');
  await assert.rejects(addUser(admin, { name: VIEWER.name, group: 'Users', password: 'x' }), (e: unknown) => e instanceof UserChangeError && e.code === 'EXISTS');

  assert.deepEqual(await removeUser(admin, VIEWER.name), []);
  assert.ok(!(await admin.readUserAuthentication()).users.some((u) => u.name === VIEWER.name));
  const warnings = await removeUser(admin, 'admin2');
  assert.match(warnings.join(' '), /second Administrator/);
  await assert.rejects(removeUser(admin, ADMIN.name), (e: unknown) => e instanceof OrderingRuleViolation && /at least one user in the Administrators group/.test(e.message));
  assert.ok((await admin.readUserAuthentication()).users.some((u) => u.name === ADMIN.name));

  await assert.rejects(unlockUser(admin, 'Users', OPERATOR.name), (e: unknown) => e instanceof UserChangeError && e.code === 'ADMINISTRATORS_ONLY');
  await unlockUser(admin, 'Administrators', OPERATOR.name);

  await assert.rejects(changeOwnPassword(admin, ADMIN.password, ADMIN.password), (e: unknown) => e instanceof DeviceOperationError && e.code === 'password-reused');
  await changeOwnPassword(admin, ADMIN.password, 'Nw5-Fresh-Keeper-Pass');
  const again = await f.tcp();
  assert.equal((await again.logon(ADMIN.name, 'Nw5-Fresh-Keeper-Pass')).group, 'Administrators');
});
