import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channels, type Channel, type ConnectionInfo, type DeviceIdentity, type RequestOf } from './contract';
import type { VisitPlanView, VisitResultView } from './lifecycle-contract';
import type { MainService } from './main-service';
import type { SessionView } from './wizard-contract';
import { createDispatcher } from './dispatcher';

const identity: DeviceIdentity = {
  model: 'MXR300-32',
  modelCode: 0x4a21,
  cpuState: 'STOP',
  linkKind: 'usb',
  linkDescription: 'USB (direct cable) — practice MXR300-32',
  virtual: true,
};

/** A service that records what reached it; `fail` makes every method throw the given value. */
function fakeService(fail?: unknown): MainService & { calls: string[] } {
  const calls: string[] = [];
  const run = async <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    if (fail !== undefined) throw fail;
    return value;
  };
  // The wizard's answers only need to arrive; their content is the WizardService's own tests' business.
  const session = { sessionId: 's1' } as SessionView;
  return {
    calls,
    wizard: {
      sessions: () => run('wizard.sessions', []),
      start: () => run('wizard.start', session),
      resume: () => run('wizard.resume', session),
      state: () => run('wizard.state', null),
      selectStep: () => run('wizard.selectStep', session),
      updateSettings: () => run('wizard.updateSettings', session),
      keepSettings: () => run('wizard.keepSettings', session),
      measureBandwidth: () => run('wizard.measureBandwidth', session),
      attest: () => run('wizard.attest', session),
      checkPassword: () => run('wizard.checkPassword', { score: 0 as const, feedback: [], deviceRule: { ok: true, failures: [] } }),
      setPassword: () => run('wizard.setPassword', session),
      runStep: () => run('wizard.runStep', session),
      answer: () => run('wizard.answer', session),
      cancel: () => run('wizard.cancel', session),
      export: () => run('wizard.export', { fileName: 'r.html', savedTo: '/tmp/r.html', mime: 'text/html', contentBase64: '' }),
      close: () => run('wizard.close', undefined),
    },
    lifecycle: {
      visitPlan: () => run('lifecycle.visitPlan', {} as VisitPlanView),
      runVisit: () => run('lifecycle.runVisit', {} as VisitResultView),
      renewCertificate: () => run('lifecycle.renewCertificate', {} as never),
      dispose: () => run('lifecycle.dispose', {} as never),
      exportVisit: () => run('lifecycle.exportVisit', { fileName: 'v.json', savedTo: '/tmp/v.json', mime: 'application/json', contentBase64: '' }),
      exportDisposal: () => run('lifecycle.exportDisposal', { fileName: 'd.html', savedTo: '/tmp/d.html', mime: 'text/html', contentBase64: '' }),
      observeRealAdapter: () => run('lifecycle.observeRealAdapter', { steps: [], observations: [] }),
    },
    care: {
      updateFirmware: () => run('care.updateFirmware', {} as never),
      openUsers: () => run('care.openUsers', {} as never),
      addUser: () => run('care.addUser', {} as never),
      removeUser: () => run('care.removeUser', {} as never),
      unlockUser: () => run('care.unlockUser', {} as never),
      changeOwnPassword: () => run('care.changeOwnPassword', {} as never),
      closeUsers: () => run('care.closeUsers', undefined),
      restore: () => run('care.restore', {} as never),
      close: async () => undefined,
    },
    appInfo: () => run('appInfo', { version: '0.1.0', host: 'browser' as const, platform: 'linux' }),
    knownDevices: () => run('knownDevices', []),
    listUsbDevices: () => run('listUsbDevices', { busAvailable: false, devices: [], note: 'no-usb-bus' as const }),
    connect: (request) => run('connect', { system: request.system, identity } satisfies ConnectionInfo),
    currentConnection: () => run('currentConnection', null),
    readIdentity: () => run('readIdentity', identity),
    disconnect: () => run('disconnect', undefined),
    onEvent: () => () => undefined,
    dispose: async () => undefined,
  };
}

// One well-formed request per channel: the mapped type makes a new channel in the contract a type
// error here until it has a sample, so the generated tests below always cover every channel.
const validRequests: { [C in Channel]: RequestOf<C> } = {
  'app:info': undefined,
  'usb:list': {},
  'connection:open': { via: 'practice', system: 'mx-r', model: 'MXR300-32' },
  'connection:current': undefined,
  'connection:identity': undefined,
  'connection:close': undefined,
  'devices:known': undefined,
  'wizard:sessions': undefined,
  'wizard:start': { operatorName: 'T. Tester' },
  'wizard:resume': { sessionId: '20261128T081000-1a2b3c4d' },
  'wizard:state': {},
  'wizard:select-step': { stepId: 'fig8.step3' },
  'wizard:update-settings': { key: 'lockout', value: { failures: 5, minutes: 15 } },
  'wizard:keep-settings': { key: 'ipFilter' },
  'wizard:measure-bandwidth': {},
  'wizard:attest': { id: 'fig8.step1', text: 'Cabinet locked; SD memory card used for backups only.' },
  'wizard:password-check': { userName: 'admin1', password: 'Kq7-Cabinet-North!' },
  'wizard:set-password': { userName: 'admin1', password: 'Kq7-Cabinet-North!', confirmation: 'Kq7-Cabinet-North!' },
  'wizard:run-step': { stepId: 'fig8.step2' },
  'wizard:answer': { questionId: 'q1', confirmed: true, typed: 'MXR300-32' },
  'wizard:cancel': undefined,
  'wizard:export': { kind: 'report-json' },
  'wizard:close': {},
  'visit:plan': { deviceId: 'MXR300-32#R-0001' },
  'visit:run': { deviceId: 'MXR300-32#R-0001', operatorName: 'T. Tester', userName: 'admin', password: 'x', disruptive: [] },
  'visit:export': { kind: 'events-csv' },
  'disposal:export': { kind: 'disposal-certificate-html' },
  'renewal:run': { deviceId: 'MXR300-32#R-0001', userName: 'admin', password: 'x' },
  'adapter:observe': { host: '192.0.2.20', port: 443, bssid: '02:11:22:33:44:55' },
  'disposal:run': { deviceId: 'MXR300-32#R-0001', operatorName: 'T', userName: 'admin', password: 'x', typedModel: 'MXR300-32', sdCard: 'removed-kept', destination: 'disposal' },
  'firmware:run': { deviceId: 'MXR300-32#R-0001', userName: 'admin', password: 'x', confirmedStoppedAndDisconnected: true, package: { name: 'fw.mxfw', base64: 'AAEC' } },
  'users:open': { deviceId: 'MXR300-32#R-0001', userName: 'admin', password: 'x' },
  'users:add': { name: 'op2', group: 'Users', password: 'Kq7-Cabinet-North!', confirmation: 'Kq7-Cabinet-North!' },
  'users:remove': { name: 'op2', acknowledgedWarning: false },
  'users:unlock': { name: 'op2' },
  'users:own-password': { current: 'x', next: 'Kq7-Cabinet-North!', confirmation: 'Kq7-Cabinet-North!' },
  'users:close': {},
  'restoration:run': { deviceId: 'MXR300-32#R-0001', userName: 'admin', password: 'x', backup: { name: 'b.mxbak', base64: 'AAEC' }, backupPassword: 'y' },
};

// Shapes no channel accepts: wrong types, stray fields, and an attempt to smuggle a field past a schema.
const malformedPayloads: unknown[] = [42, 'connect', null, [], { unexpected: true }, { via: 'practice', system: 'mx-r', model: 'MXR300-32', extra: 1, password: 'x' }];

for (const channel of Object.keys(channels) as Channel[]) {
  test(`${channel}: every malformed payload is refused with invalid-payload before the service is called`, async () => {
    const service = fakeService();
    const dispatcher = createDispatcher(service);
    for (const payload of malformedPayloads) {
      const result = await dispatcher.dispatch(channel, payload);
      assert.equal(result.ok, false, `${channel} accepted ${JSON.stringify(payload)}`);
      assert.equal(result.ok === false && result.error.code, 'invalid-payload');
      assert.ok(result.ok === false && typeof result.error.details === 'string' && result.error.details.length > 0);
    }
    assert.deepEqual(service.calls, [], 'a rejected payload must never reach the service');
  });

  test(`${channel}: a well-formed payload reaches the service and its value comes back`, async () => {
    const service = fakeService();
    const result = await createDispatcher(service).dispatch(channel, validRequests[channel]);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(service.calls.length, 1);
  });
}

test('connection:open names the offending fields without echoing their values', async () => {
  const result = await createDispatcher(fakeService()).dispatch('connection:open', {
    via: 'ethernet',
    system: 'mx-r',
    host: 'secret-host-value',
    port: 70000,
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.code, 'invalid-payload');
  assert.match(result.error.details ?? '', /port/);
  assert.doesNotMatch(JSON.stringify(result.error), /secret-host-value|70000/);
});

test('an unknown channel is refused with unknown-channel', async () => {
  const service = fakeService();
  const dispatcher = createDispatcher(service);
  for (const channel of ['device:format', '__proto__', 'constructor', 'toString', '']) {
    const result = await dispatcher.dispatch(channel, undefined);
    assert.deepEqual(result.ok === false && result.error.code, 'unknown-channel', channel);
  }
  assert.deepEqual(service.calls, []);
});

test('a handler that throws a plain error yields internal, with no stack and no message from inside', async () => {
  const bug = new TypeError('Cannot read properties of undefined (reading "password=hunter2")');
  const result = await createDispatcher(fakeService(bug)).dispatch('app:info', undefined);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.code, 'internal');
  const wire = JSON.stringify(result);
  assert.doesNotMatch(wire, /hunter2|TypeError|at |\.ts/);
});

test('a handler that throws a non-Error value still yields a typed error', async () => {
  const result = await createDispatcher(fakeService('boom')).dispatch('usb:list', undefined);
  assert.deepEqual(result.ok === false && result.error.code, 'internal');
});

test('typed errors keep their meaning: service codes, device end codes, socket errors, timeouts', async () => {
  const cases: { thrown: unknown; channel: Channel; code: string; details?: RegExp }[] = [
    { thrown: Object.assign(new Error('No device is connected.'), { code: 'not-connected' }), channel: 'connection:identity', code: 'not-connected' },
    { thrown: Object.assign(new Error('The device refused the command.'), { code: 'slmp-end-code', endCode: 0xc059 }), channel: 'connection:identity', code: 'device-error', details: /C059/ },
    { thrown: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), channel: 'connection:open', code: 'connect-failed' },
    { thrown: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), channel: 'connection:identity', code: 'device-error' },
    { thrown: Object.assign(new Error('No answer within 2000 ms.'), { code: 'slmp-timeout' }), channel: 'connection:identity', code: 'timeout' },
    { thrown: Object.assign(new Error('Frame too short.'), { code: 'slmp-malformed-frame' }), channel: 'connection:open', code: 'connect-failed' },
  ];
  for (const { thrown, channel, code, details } of cases) {
    const payload = validRequests[channel];
    const result = await createDispatcher(fakeService(thrown)).dispatch(channel, payload);
    assert.equal(result.ok, false);
    if (result.ok) continue;
    assert.equal(result.error.code, code, (thrown as Error).message);
    if (details) assert.match(result.error.details ?? '', details);
    assert.doesNotMatch(result.error.message, /\n\s+at /);
  }
});
