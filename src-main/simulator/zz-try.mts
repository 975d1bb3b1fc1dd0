import { startVirtualController } from '/work/main/src-main/simulator/virtual-controller';
import { createRequire } from 'node:module';
const require = createRequire('/work/main/package.json');
const { PLCClient } = require('melsec-connect');
const r = await startVirtualController({ model: 'MXR300-32', slmpPort: 0 });
const l = r.listeners[0] as any;
r.controller.onEvent((e) => { if (e.type === 'request') console.log('REQ', e.command.toString(16), e.subcommand, e.endCode?.toString(16)); if (e.type==='protocol-error') console.log('PROTO', e.message); });
for (const frame of ['3E', '4E']) {
  const plc = new PLCClient({ host: '127.0.0.1', port: l.port, protocol: 'TCP', ascii: false, frame, plcType: 'R', timeout: 3000, logLevel: 'WARN' });
  console.log(frame, JSON.stringify(await plc.write([{ name: 'D100', value: 1234 }, { name: 'D101', value: [5, 6, 7] }])));
  console.log(frame, JSON.stringify(await plc.read([{ name: 'D100' }, { name: 'D101', count: 3 }, {name: 'D101,3'}])));
  await plc.disconnect();
}
await r.stop();
