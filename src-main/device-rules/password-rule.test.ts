// The app and the virtual device judge a password by the same rule: for every sample and policy, the app's
// list of failures is empty exactly when the device would accept the password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { characterKindsOf, passwordRuleFailures } from './password-rule';
import { passwordRuleProblem } from '../simulator/security/password-rules';
import { deviceRuleFailures } from '../services/wizard/password-check';

const SAMPLES = ['', 'short', 'abcdefgh', 'abcdefgh1', 'Abcdefgh1', 'Abc def gh1!', 'Ab1!Ab1!', 'x'.repeat(33), 'Op3rator!2026', 'operator-Op3!', 'Ünïcode-Pass1', 'a1!A'.repeat(8)];
const POLICIES = [
  { app: 'weak', device: 'low' },
  { app: 'medium', device: 'medium' },
  { app: 'strong', device: 'strong' },
] as const;

test('the app and the virtual device accept and refuse the same passwords', () => {
  for (const password of SAMPLES) {
    for (const p of POLICIES) {
      for (const minLength of [8, 12]) {
        const device = passwordRuleProblem(password, { strength: p.device, minimumLength: minLength }, 'operator');
        const app = deviceRuleFailures('operator', password, { strength: p.app, minLength });
        assert.equal(app.length === 0, device === null, `${JSON.stringify(password)} at ${p.app}/${minLength}: app ${JSON.stringify(app.map((f) => f.en))}, device ${device}`);
      }
    }
  }
});

test('each failure names its rule and never the password', () => {
  const failures = passwordRuleFailures('operator x', { strength: 'strong', minimumLength: 12 }, 'operator');
  assert.deepEqual(failures.map((f) => f.rule), ['length', 'charset', 'kinds', 'contains-user-name']);
  assert.ok(!JSON.stringify(failures).includes('operator x'));
  assert.deepEqual(characterKindsOf('aB3!'), ['digits', 'upper-case', 'lower-case', 'symbols']);
  assert.deepEqual(passwordRuleFailures('Op3rator!2026', { strength: 'strong', minimumLength: 8 }, 'admin'), []);
});
