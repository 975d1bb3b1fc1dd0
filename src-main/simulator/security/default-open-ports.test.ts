import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DefaultOpenPorts, enhancedSecurityPreset, factoryPortStates, NETWORK_PORTS } from './default-open-ports';

const peer = { address: '127.0.0.2', transport: 'tcp' } as const;

test('2.4.9: at the factory every default service is open on every network port of the model', () => {
  const mxr = new DefaultOpenPorts('MX-R');
  assert.deepEqual(NETWORK_PORTS['MX-R'].map((p) => p.id), ['port1', 'port2', 'port3']);
  assert.deepEqual(mxr.openServices('port1'), ['cclink-ie-tsn-connection', 'auto-open-udp', 'melsoft-udp', 'melsoft-tcp', 'slmp-udp', 'slmp-tcp', 'cpu-search']);
  assert.ok(mxr.isOpen('port3', 'opc-ua'));
  const mxf = new DefaultOpenPorts('MX-F');
  assert.deepEqual(NETWORK_PORTS['MX-F'].map((p) => p.kind), ['cc-link-ie-tsn', 'ethernet']);
  assert.ok(mxf.isOpen('port2', 'melsoft-direct'));
  assert.equal(mxf.isOpen('port3', 'melsoft-tcp'), false, 'MX-F has no port 3');
});

test('Table 17 row 9: a port set as closed cannot be accessed, and the attempt is an event', () => {
  const ports = new DefaultOpenPorts('MX-R');
  assert.deepEqual(ports.accessDecision('port1', 'slmp-tcp', peer), { allowed: true });
  assert.ok(ports.set('port1', 'slmp-tcp', false).ok);
  const d = ports.accessDecision('port1', 'slmp-tcp', peer);
  assert.ok(!d.allowed && d.event.name === 'closed-port-access' && d.event.peer === peer);
  assert.ok(!ports.listeners().some((l) => l.port === 'port1'), 'the virtual device stops listening there');
  assert.ok(ports.listeners().some((l) => l.port === 'port2' && l.service.id === 'slmp-tcp'));
});

test('2.4.9.2: ports opened by parameters are not this function\'s targets', () => {
  const ports = new DefaultOpenPorts('MX-R');
  const r = ports.set('port3', 'slmp-tcp', false);
  assert.ok(!r.ok && /parameters/.test(r.message));
});

test('facts: the MX-R enhanced security setting closes every TSN default port, keeps MELSOFT on Ethernet, turns on an empty allow-list and the tamper check', () => {
  const preset = enhancedSecurityPreset('MX-R');
  const ports = new DefaultOpenPorts('MX-R');
  assert.ok(ports.apply(preset.ports).ok);
  assert.deepEqual(ports.openServices('port1'), []);
  assert.deepEqual(ports.openServices('port2'), []);
  assert.deepEqual(ports.openServices('port3').sort(), ['melsoft-direct', 'melsoft-tcp', 'melsoft-udp', 'opc-ua']);
  assert.deepEqual(preset.ipFilter, { enabled: true, mode: 'allow', entries: [] });
  assert.deepEqual(preset.eventHistory, { destination: 'data-memory', manipulationCheck: true });
  assert.deepEqual(ports.listeners(), [], 'no SLMP on TSN ports any more');
});

test('facts: the MX-F enhanced security setting has no event history part', () => {
  const preset = enhancedSecurityPreset('MX-F');
  assert.equal(preset.eventHistory, undefined);
  assert.deepEqual(Object.keys(preset.ports), ['port1', 'port2']);
  assert.equal(preset.ports.port2?.['cpu-search'], false);
});

test('state round-trips through JSON; a saved state of another model is refused', () => {
  const ports = new DefaultOpenPorts('MX-F');
  ports.set('port2', 'cpu-search', false);
  const again = DefaultOpenPorts.fromJSON('MX-F', JSON.parse(JSON.stringify(ports)));
  assert.equal(again.isOpen('port2', 'cpu-search'), false);
  assert.throws(() => DefaultOpenPorts.fromJSON('MX-F', factoryPortStates('MX-R')), /on the MX-F|does not fit this model/);
});
