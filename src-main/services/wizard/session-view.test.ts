// What the view says per device family: MX-F cites chapter 3, never the MX-R numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingReferences } from './session-view';
import { handsOn } from './hands-on';

test('MX-F settings blocks cite chapter 3 (3.4.x, Tables 27-31); MX-R chapter 2', () => {
  const f = settingReferences('mx-f');
  assert.equal(f.passwordPolicy, '3.4.4.2; Table 27 row 2');
  assert.equal(f.users, '3.4.4.1; Table 29');
  assert.equal(f.encryptedCommunication, '3.4.7; Table 31');
  for (const [key, text] of Object.entries(f)) assert.doesNotMatch(text, /\b2\.\d|Table (9|10|11|13|14)\b/, `${key}: ${text}`);
  assert.equal(settingReferences('mx-r').passwordPolicy, '2.4.4.2; Table 9 row 2');
});

test('the hands-on guidance of MX-F names its chapter 3 passages', () => {
  assert.equal(handsOn('mx-f', 2)[0]?.reference, '3.4.7.1 procedure A');
  assert.equal(handsOn('mx-f', 10)[1]?.reference, 'Table 27 rows 15, 19');
});
