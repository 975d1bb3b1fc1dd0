import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlmpEndCodeError, describeEndCode, formatEndCode, knownEndCodes } from './end-codes';

test('every end code the facts name has its own explanation and next step', () => {
  const named = [0x0000, 0xc051, 0xc052, 0xc053, 0xc054, 0xc056, 0xc059, 0xc05c, 0xc05f, 0xc061, 0xc1a4, 0xc200, 0xc201, 0xc208,
    0xc810, 0xc811, 0xc812, 0xc813, 0xc814, 0xc815, 0xc816, 0x4013, 0x4030];
  for (const code of named) {
    assert.ok(knownEndCodes().includes(code), formatEndCode(code));
    const info = describeEndCode(code);
    assert.equal(info.code, formatEndCode(code));
    assert.ok(info.message.length > 10 && info.whatToDo.length > 10, info.code);
  }
  assert.match(describeEndCode(0xc812).whatToDo, /15 minutes/);
  assert.equal(describeEndCode(0xc810).guidelineRef, '2.4.4.3');
});

test('an unknown end code still shows its hex code to look up', () => {
  assert.equal(formatEndCode(0xc05d), 'C05D');
  assert.match(describeEndCode(0xcf70).message, /CF70/);
  assert.match(describeEndCode(0x4a01).name, /CPU/);
});

test('the error names the command, the code and what to do', () => {
  const e = new SlmpEndCodeError(0xc059, 0x1002, 0);
  assert.match(e.message, /Remote STOP \(1002\).*C059.*engineering tool/);
  assert.equal(e.code, 'slmp-end-code');
});
