// The OS Wi-Fi scan parsers. The outputs below are RECORDED TRANSCRIPTS in the documented formats of
// nmcli (NetworkManager 1.4x, `nmcli -t -f SSID,BSSID,CHAN,SECURITY device wifi list`) and of Windows
// `netsh wlan show networks mode=bssid`; this test machine has no Wi-Fi interface, so they were not
// captured here. They exercise the parsing and the Table 44 judgement from the air, not a live scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeFromAir, parseNetshScan, parseNmcliScan } from './os-wifi-scan';

const NMCLI = [
  'mx-tsn-wlan-01:02\\:11\\:22\\:33\\:44\\:55:36:WPA3',
  ':02\\:11\\:22\\:33\\:44\\:66:40:WPA2',
  'office-guest:0A\\:BB\\:CC\\:00\\:11\\:22:6:',
  'cafe\\:net:0A\\:BB\\:CC\\:00\\:11\\:33:11:OWE',
  'corp:0A\\:BB\\:CC\\:00\\:11\\:44:1:WPA2 802.1X',
].join('\n');

const NETSH = `
Interface name : Wi-Fi
There are 3 networks currently visible.

SSID 1 : mx-tsn-wlan-01
    Network type            : Infrastructure
    Authentication          : WPA3-Personal
    Encryption              : CCMP
    BSSID 1                 : 02:11:22:33:44:55
         Signal             : 92%
         Radio type         : 802.11ax
         Channel            : 36

SSID 2 :
    Network type            : Infrastructure
    Authentication          : WPA2-Personal
    Encryption              : CCMP
    BSSID 1                 : 02:11:22:33:44:66
         Signal             : 80%
         Radio type         : 802.11ac
         Channel            : 40

SSID 3 : office-guest
    Network type            : Infrastructure
    Authentication          : Open
    Encryption              : None
    BSSID 1                 : 0a:bb:cc:00:11:22
         Channel            : 6
`;

test('nmcli terse output: escaped colons, a hidden SSID, the security modes', () => {
  const n = parseNmcliScan(NMCLI);
  assert.deepEqual(n.map((x) => [x.ssid, x.bssid, x.channel, x.authentication]), [
    ['mx-tsn-wlan-01', '02:11:22:33:44:55', 36, 'WPA3-Personal'],
    ['', '02:11:22:33:44:66', 40, 'WPA2-Personal'],
    ['office-guest', '0A:BB:CC:00:11:22', 6, 'Open'],
    ['cafe:net', '0A:BB:CC:00:11:33', 11, 'Enhanced Open'],
    ['corp', '0A:BB:CC:00:11:44', 1, 'WPA2-Enterprise'],
  ]);
});

test('netsh output: SSID blocks with BSSID sub-blocks, an empty SSID when hidden', () => {
  const n = parseNetshScan(NETSH);
  assert.deepEqual(n.map((x) => [x.ssid, x.bssid, x.channel, x.authentication]), [
    ['mx-tsn-wlan-01', '02:11:22:33:44:55', 36, 'WPA3-Personal'],
    ['', '02:11:22:33:44:66', 40, 'WPA2-Personal'],
    ['office-guest', '0A:BB:CC:00:11:22', 6, 'Open'],
  ]);
});

test('Table 44 rows 1, 2, 5 from the air: pass on a hidden WPA2 AP, fail on an announced or open one, not verified when unseen', () => {
  const both = [...parseNmcliScan(NMCLI)];
  assert.deepEqual(judgeFromAir(both, '02:11:22:33:44:66').map((r) => r.status), ['pass', 'pass', 'pass']);
  assert.deepEqual(judgeFromAir(both, '02:11:22:33:44:55').map((r) => r.status), ['pass', 'pass', 'fail'], 'the SSID is announced');
  assert.deepEqual(judgeFromAir(both, '0A:BB:CC:00:11:22').map((r) => r.status), ['fail', 'fail', 'fail'], 'open, announced');
  assert.deepEqual(judgeFromAir(both, '0A:BB:CC:00:11:33').map((r) => r.status), ['pass', 'fail', 'fail'], 'Enhanced Open does not authenticate the partner');
  assert.deepEqual(judgeFromAir(both, '02:00:00:00:00:01').map((r) => r.status), ['not-verified', 'not-verified', 'not-verified']);
});
