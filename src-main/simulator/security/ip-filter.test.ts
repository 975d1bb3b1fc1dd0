import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FACTORY_IP_FILTER, IpFilter, IpFilterError, validateIpFilter } from './ip-filter';

test('Table 17 row 8: with an address set to be allowed, it is not denied and every other address is', () => {
  const filter = new IpFilter({ enabled: true, mode: 'allow', entries: ['127.0.0.2', '127.0.1.0/24', '127.0.2.10-127.0.2.20'] });
  assert.equal(filter.check('127.0.0.2').allowed, true);
  assert.equal(filter.check('127.0.1.200').allowed, true);
  assert.equal(filter.check('127.0.2.15').allowed, true);
  assert.equal(filter.check('127.0.2.21').allowed, false);
  assert.equal(filter.check('127.0.0.3').allowed, false);
  assert.equal(filter.check('127.0.0.3').reason, 'not-in-allow-list');
});

test('Table 17 row 8: with an address set to be denied, it is denied and other addresses are not', () => {
  const filter = new IpFilter({ enabled: true, mode: 'deny', entries: ['127.0.0.3'] });
  assert.deepEqual(filter.check('127.0.0.3'), { allowed: false, reason: 'in-deny-list', entry: '127.0.0.3' });
  assert.equal(filter.check('127.0.0.2').allowed, true);
});

test('2.4.8: an IPv4 peer reported as IPv4-mapped IPv6 (::ffff:127.0.0.2) is matched as IPv4', () => {
  const filter = new IpFilter({ enabled: true, mode: 'allow', entries: ['127.0.0.2'] });
  assert.equal(filter.check('::ffff:127.0.0.2').allowed, true);
  assert.equal(filter.check('::ffff:127.0.0.9').allowed, false);
  assert.equal(filter.check('::1').allowed, false, 'a real IPv6 peer is refused while the filter is on');
  assert.equal(filter.check('not-an-address').allowed, false);
});

test('factory state: the filter is off and lets everyone through', () => {
  assert.equal(new IpFilter(FACTORY_IP_FILTER).check('203.0.113.9').allowed, true);
});

test('2.4.8: the enhanced security allow-list with no entries shuts everyone out; wouldExclude warns the app first', () => {
  const filter = new IpFilter({ enabled: true, mode: 'allow', entries: [] });
  assert.equal(filter.wouldExclude('127.0.0.1'), true);
  const withApp = new IpFilter({ enabled: true, mode: 'allow', entries: ['127.0.0.1'] });
  assert.equal(withApp.wouldExclude('127.0.0.1'), false);
});

test('invalid entries are refused with the entry number and how to write it', () => {
  const v = validateIpFilter({ enabled: true, mode: 'allow', entries: ['192.168.3.10', '192.168.3.300', '10.0.0.20-10.0.0.5', 'fe80::1', '10.1.1.0/33', '0x7f.1'] });
  assert.equal(v.ok, false);
  assert.deepEqual(v.errors.map((e) => [e.index, e.code]), [[1, 'invalid-address'], [2, 'reversed-range'], [3, 'ipv6-not-supported'], [4, 'invalid-address'], [5, 'invalid-address']]);
  assert.match(v.errors[1]!.message, /Write the lower address first: 10\.0\.0\.5-10\.0\.0\.20/);
  assert.throws(() => new IpFilter({ enabled: true, mode: 'allow', entries: ['nope'] }), (e: unknown) => e instanceof IpFilterError && e.code === 'IP_FILTER_INVALID');
});

test('overlapping entries and CIDR host bits are warnings, not errors; too many entries is an error', () => {
  const v = validateIpFilter({ enabled: true, mode: 'allow', entries: ['10.0.0.0/24', '10.0.0.50-10.0.0.60', '10.0.1.5/24'] });
  assert.equal(v.ok, true);
  assert.deepEqual(v.warnings.map((w) => [w.index, w.code]).sort(), [[1, 'overlap'], [2, 'host-bits-set']]);
  const many = validateIpFilter({ enabled: true, mode: 'deny', entries: Array.from({ length: 33 }, (_, i) => `10.0.0.${i}`) });
  assert.ok(!many.ok && many.errors[0]!.code === 'too-many-entries');
});

test('settings round-trip through JSON', () => {
  const filter = new IpFilter({ enabled: true, mode: 'deny', entries: ['127.0.0.3'] });
  const again = IpFilter.fromJSON(JSON.parse(JSON.stringify(filter)));
  assert.equal(again.check('127.0.0.3').allowed, false);
});
