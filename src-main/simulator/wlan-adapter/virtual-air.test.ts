// The virtual air: association follows the configured mode with real key derivation, refusals follow the
// settings, a listener sees only ciphertext, and the cyclic words pass only once AP and STA are paired.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectWiredDevice } from './wired-side';
import type { Station, WirelessConfig } from './air-roles';
import { adapterProfile, commission, listener, PASSPHRASE, PC_MAC, startAdapter, testStation, waitUntil } from './testing/adapter-harness';

const STATION = '02:AA:BB:CC:DD:01';
const STRANGER = '02:AA:BB:CC:DD:99';
const MASTER = '00:1A:2B:00:00:01';
const SLAVE = '00:1A:2B:00:00:02';
const JOIN_MS = 8_000;

const ap = await startAdapter();
const sta = await startAdapter({ airPort: ap.airPort });
after(async () => {
  await sta.stop();
  await ap.stop();
});

const ssid = 'mx-tsn-line-3';
const wiredAp = { enabled: true, entries: [PC_MAC, MASTER] };
const wiredSta = { enabled: true, entries: [PC_MAC, SLAVE] };
const stationConfig = (over: Partial<WirelessConfig> = {}): WirelessConfig => ({ ssid, channel: 36, authentication: 'WPA3-Personal', passphrase: PASSPHRASE, stealth: false, macFilter: { enabled: false, entries: [] }, ...over });

test('AP and STA commissioned with WPA3-Personal pair; cyclic words pass only once paired, sealed on the air', async () => {
  const sniff = await listener(ap.airPort);
  // Wired devices on both sides before the pair exists: nothing passes.
  const master = await connectWiredDevice(ap.wired.port, MASTER);
  assert.equal(master.refusal, null, 'wired MAC filter of a factory adapter is off');
  master.sendCyclic([0x1234, 0x5678]);
  const apDriver = await commission(ap, adapterProfile({ ssid, operationMode: 'AP', macFilter: { wired: wiredAp, wireless: { enabled: true, entries: [sta.device.wirelessMac, STATION] } } }));
  const staDriver = await commission(sta, adapterProfile({ ssid, operationMode: 'STA', stealthSsid: false, macFilter: { wired: wiredSta, wireless: { enabled: true, entries: [ap.device.wirelessMac] } } }));
  const heardBefore = sniff.frames.length;
  const slave = await connectWiredDevice(sta.wired.port, SLAVE);
  assert.equal(slave.refusal, null);
  assert.equal(await slave.waitFor(() => true, 500), undefined, 'no cyclic data before pairing');
  const masterAgain = await connectWiredDevice(ap.wired.port, MASTER); // the filter change restarted nothing on the wired side
  const staRole = (): Station => sta.role() as Station;
  assert.ok(await waitUntil(() => staRole().joinedTo() === ap.device.wirelessMac, JOIN_MS), `the STA joins the AP: ${staRole().lastRefusal} ${JSON.stringify(sta.device.readLogs().slice(-5))} ${JSON.stringify(ap.device.readLogs().slice(-5))}`);
  masterAgain.sendCyclic([0x0a0b, 0x0c0d, 0x1234]);
  const got = await slave.waitFor((f) => f.words.includes(0x0c0d), 5_000);
  assert.deepEqual(got?.words, [0x0a0b, 0x0c0d, 0x1234]);
  // A listener on the air saw the data frames, and only as ciphertext.
  const data = sniff.frames.filter((f) => f.type === 'data');
  assert.ok(data.length > 0);
  for (const f of data) {
    assert.equal(f.plaintext, undefined);
    assert.ok(!String(f.ciphertext).includes(Buffer.from('"words"').toString('hex')), 'no plaintext on the air');
  }
  // The passphrase and the PMK never travel.
  assert.ok(!sniff.frames.some((f) => JSON.stringify(f).includes(PASSPHRASE)));
  // The stealth AP's beacons carry no SSID.
  const beacons = sniff.frames.slice(heardBefore).filter((f) => f.type === 'beacon' && f.src === ap.device.wirelessMac); // after commissioning
  assert.ok(beacons.length > 0 && beacons.every((b) => b.ssid === ''), 'stealth SSID: beacons without the SSID');
  // The AP logged the association (4.4.6).
  assert.ok((await apDriver.readLogs()).some((e) => e.text.includes(`Station ${sta.device.wirelessMac} associated (WPA3-Personal)`)));
  for (const x of [master, masterAgain, slave]) x.close();
  sniff.stop();
  await staDriver.close();
  await apDriver.close();
});

test('a station with the right passphrase joins the WPA3 AP, a wrong passphrase or another mode cannot, an unlisted MAC is refused', async () => {
  const good = await testStation(ap.airPort, STATION, stationConfig());
  assert.ok(await good.station.waitJoined(JOIN_MS), `joins: ${good.station.lastRefusal}`);
  good.stop();
  const wrong = await testStation(ap.airPort, STATION, stationConfig({ passphrase: 'not the passphrase' }));
  assert.equal(await wrong.station.waitJoined(2_500), false);
  assert.match(wrong.station.lastRefusal ?? '', /SAE|refused/);
  wrong.stop();
  const wpa2 = await testStation(ap.airPort, STATION, stationConfig({ authentication: 'WPA2-Personal' }));
  assert.equal(await wpa2.station.waitJoined(2_000), false);
  assert.match(wpa2.station.lastRefusal ?? '', /another authentication mode/);
  wpa2.stop();
  const stranger = await testStation(ap.airPort, STRANGER, stationConfig());
  assert.equal(await stranger.station.waitJoined(2_500), false);
  assert.match(stranger.station.lastRefusal ?? '', /MAC address filter/);
  stranger.stop();
});

test('a wired device whose MAC is not listed is refused on the wired side', async () => {
  const intruder = await connectWiredDevice(ap.wired.port, '00:DE:AD:BE:EF:00');
  assert.match(intruder.refusal ?? '', /wired LAN MAC address filter/);
  intruder.close();
});

test('WPA2-Personal: PBKDF2 PMK and the 4-way handshake; a wrong passphrase fails the MIC', async () => {
  const a = await startAdapter();
  try {
    const d = await commission(a, adapterProfile({ ssid: 'wpa2-net', stealthSsid: false, security: { authentication: 'WPA2-Personal', encryption: 'AES' }, macFilter: { wired: { enabled: true, entries: [PC_MAC] }, wireless: { enabled: false, entries: [] } } }));
    const ok = await testStation(a.airPort, STATION, stationConfig({ ssid: 'wpa2-net', authentication: 'WPA2-Personal' }));
    assert.ok(await ok.station.waitJoined(JOIN_MS), `joins: ${ok.station.lastRefusal}`);
    ok.stop();
    const bad = await testStation(a.airPort, STRANGER, stationConfig({ ssid: 'wpa2-net', authentication: 'WPA2-Personal', passphrase: 'wrong passphrase!' }));
    assert.equal(await bad.station.waitJoined(2_500), false);
    assert.match(bad.station.lastRefusal ?? '', /MIC|refused/);
    bad.stop();
    assert.ok((await d.readLogs()).some((e) => /MIC failure/.test(e.text)));
    await d.close();
  } finally {
    await a.stop();
  }
});

test('Enhanced Open (OWE): the station joins without a passphrase and data is still sealed; an Open AP is never joined by an Enhanced Open station', async () => {
  const a = await startAdapter();
  try {
    // A factory adapter is Open: an Enhanced Open station does not join it (4.4.2.1).
    const factorySsid = a.device.settings.ssid;
    const owe = await testStation(a.airPort, STATION, stationConfig({ ssid: factorySsid, channel: 1, authentication: 'Enhanced Open', passphrase: '' }));
    assert.equal(await owe.station.waitJoined(1_500), false);
    owe.stop();
    const d = await commission(a, adapterProfile({ ssid: 'owe-net', stealthSsid: false, security: { authentication: 'Enhanced Open', encryption: 'AES' }, macFilter: { wired: { enabled: true, entries: [PC_MAC] }, wireless: { enabled: false, entries: [] } } }));
    const sniff = await listener(a.airPort);
    const s = await testStation(a.airPort, STATION, stationConfig({ ssid: 'owe-net', authentication: 'Enhanced Open', passphrase: '' }));
    assert.ok(await s.station.waitJoined(JOIN_MS), `joins: ${s.station.lastRefusal}`);
    s.station.sendData(Buffer.from('hello-owe'));
    await waitUntil(() => sniff.frames.some((f) => f.type === 'data'), 2_000);
    const frame = sniff.frames.find((f) => f.type === 'data');
    assert.ok(frame && typeof frame.ciphertext === 'string' && !String(frame.ciphertext).includes(Buffer.from('hello-owe').toString('hex')));
    s.stop();
    sniff.stop();
    await d.close();
  } finally {
    await a.stop();
  }
});

test('a pair with different modes does not connect: a STA adapter in WPA2-Personal never joins the WPA3 AP', async () => {
  const a = await startAdapter();
  const b = await startAdapter({ airPort: a.airPort });
  try {
    const da = await commission(a, adapterProfile({ ssid: 'mixed-net', stealthSsid: false, macFilter: { wired: { enabled: true, entries: [PC_MAC] }, wireless: { enabled: false, entries: [] } } }));
    const db = await commission(b, adapterProfile({ ssid: 'mixed-net', operationMode: 'STA', stealthSsid: false, security: { authentication: 'WPA2-Personal', encryption: 'AES' }, macFilter: { wired: { enabled: true, entries: [PC_MAC] }, wireless: { enabled: false, entries: [] } } }));
    const staRole = b.role() as Station;
    assert.equal(await waitUntil(() => staRole.joinedTo() !== undefined, 2_500), false);
    assert.match(staRole.lastRefusal ?? '', /another authentication mode/);
    assert.deepEqual((await db.readSettings()).status.wireless.peers, [], 'the STA reports no access point');
    await da.close();
    await db.close();
  } finally {
    await b.stop();
    await a.stop();
  }
});
