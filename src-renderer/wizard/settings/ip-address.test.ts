import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipFilterProblem } from './ip-address';

test('an IP filter entry is explained as it is typed: address, network, slips and duplicates', () => {
  assert.equal(ipFilterProblem('192.0.2.10', []), undefined);
  assert.equal(ipFilterProblem('192.0.2.0/24', []), undefined);
  assert.equal(ipFilterProblem(' 10.0.0.0/8 ', []), undefined);
  assert.equal(ipFilterProblem('0.0.0.0/0', []), undefined);
  assert.equal(ipFilterProblem('192.0.2.256', []), 'invalid');
  assert.equal(ipFilterProblem('192.0.2', []), 'invalid');
  assert.equal(ipFilterProblem('192.0.2.0/33', []), 'invalid');
  assert.equal(ipFilterProblem('192.0.2.0/24/1', []), 'invalid');
  assert.equal(ipFilterProblem('plc.local', []), 'invalid');
  // A host address with a prefix is most likely a slip for the network address.
  assert.equal(ipFilterProblem('192.0.2.10/24', []), 'hostBits');
  assert.equal(ipFilterProblem('192.0.2.10/32', []), undefined);
  assert.equal(ipFilterProblem('127.0.0.1', ['127.0.0.1']), 'duplicate');
});
