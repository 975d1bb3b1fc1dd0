// The error view says the sentences (what happened, what to do) in each language; its details hold values
// only (codes, the device's end code and command), so the Japanese view shows no English sentence there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceOperationError } from '../../devices/device-error';
import { AppError } from '../../messages/app-error';
import { englishSentencesIn } from '../../messages/english-in-japanese';
import { errorView } from './error-view';

test('a device error: headline and next step in both languages, the end code and command in the details, no English sentence there', () => {
  const e = new DeviceOperationError('no-authority', { headline: 'The user "op1" may not write parameters.', whatToDo: 'Log on as an Administrator and try again.' }, { endCode: 'C816', command: '7E02/0001' });
  const v = errorView(e);
  assert.equal(v.message.en, 'The user "op1" may not write parameters.');
  assert.equal(v.message.ja, e.text('ja'));
  assert.equal(v.details, 'end code C816; 7E02/0001');
  assert.deepEqual(englishSentencesIn(v.details ?? ''), []);
});

test('an app error with English specifics keeps them in the English headline, not in the details', () => {
  const e = new AppError({ code: 'X', messageId: 'errors.internal', englishText: 'The certificate with fingerprint AB:CD changed since it was pinned.' });
  const v = errorView(e);
  assert.match(v.message.en, /fingerprint AB:CD/);
  assert.equal(v.details, undefined);
});
