import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERATED_LENGTH, generatePassword } from './password-generator';

test('a generated password has every kind of character, no look-alikes, and differs each time', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = generatePassword();
    assert.equal(p.length, GENERATED_LENGTH);
    assert.match(p, /[A-Z]/);
    assert.match(p, /[a-z]/);
    assert.match(p, /[0-9]/);
    assert.match(p, /[^A-Za-z0-9]/);
    assert.doesNotMatch(p, /[O0Il1]/, 'no characters that read alike when written down');
    assert.match(p, /^[\x21-\x7e]+$/, 'printable ASCII only (the device rule)');
    seen.add(p);
  }
  assert.equal(seen.size, 200);
});
