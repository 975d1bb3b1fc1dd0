// Fault injection against the real virtual MX-R over real sockets: links/fault-injecting-link.ts pulls
// the cable after a byte budget spread over the whole session (so cuts fall inside request frames, in
// the middle of writes, and between steps). Each run resumes from its journal to every row met, and no
// test secret appears in the journal, the store or the report. Bounded: 8 cut positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualController } from '../../simulator/start-virtual-controller';
import { openEndpoint } from '../../devices/endpoint';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import { injectFaults } from '../../links/fault-injecting-link';
import { createConfStore } from '../../store/conf-store';
import { Journal } from '../journal/journal';
import { FileJournalStore } from '../journal/journal-store';
import { buildComplianceReport } from '../../report/compliance-report';
import { CommissioningEngine, isConnectionLoss, rowAccepted } from './commissioning-engine';
import { MX_CONTROLLER_FAMILY } from '../families';
import { DeviceRegistry } from './device-registry';
import { SecretsFromMap, type Operator } from './operator';
import { readyProfile, TEST_PASSWORDS } from './testing/engine-fixture';

const MODEL = 'MXR300-32';
const CUTS = 8;
const MAX_RESUMES = 6;

async function session(budget: number | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-faults-'));
  const usbSocket = join(dir, 'usb.sock');
  const running = await startVirtualController({ model: MODEL, usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd') } });
  const portOf = (service: string) => {
    const l = running.listeners.find((x) => x.service === service);
    return l && l.transport === 'tcp' ? l.port : undefined;
  };
  let written = 0;
  let cut = false;
  const store = new FileJournalStore(join(dir, 'journals'));
  const registry = new DeviceRegistry(createConfStore({ cwd: join(dir, 'data'), configName: 'store' }));
  const operator: Operator = { name: 'T. Tester', confirmInitialization: async () => undefined, backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'factory' }), performManually: async () => false };
  const engine = (journal: Journal) =>
    new CommissioningEngine(
      { profile: readyProfile(MODEL), target: { kind: 'usb-socket', path: usbSocket }, tlsEndpoint: () => (portOf('slmp-tls') ? { host: '127.0.0.1', port: portOf('slmp-tls')! } : undefined), pcAddress: '127.0.0.1' },
      {
        family: MX_CONTROLLER_FAMILY,
        connect: async (e) => {
          const link = await openEndpoint(e, { virtual: true });
          if (budget === undefined || cut) return new MxControllerDriver(link);
          // One budget for the whole session: the link that crosses it is cut mid-frame.
          const faulty = injectFaults(link, { cutAfterBytesWritten: Math.max(0, budget - written) });
          const write = faulty.write.bind(faulty);
          faulty.write = async (data) => {
            try {
              await write(data);
              written += data.length;
            } catch (err) {
              if (faulty.cut) cut = true;
              throw err;
            }
          };
          return new MxControllerDriver(faulty);
        },
        journal,
        registry,
        operator,
        secrets: new SecretsFromMap(TEST_PASSWORDS),
      },
    );
  let journal = Journal.create(store);
  let recoveries = 0;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await engine(journal).run();
        return { out, written, cut, recoveries, dir, journal };
      } catch (error) {
        const lost = isConnectionLoss(error) || (error as { code?: string }).code === 'DEVICE_NOT_REACHABLE';
        if (!lost || attempt >= MAX_RESUMES) throw error;
        recoveries++;
        journal = Journal.open(store, journal.sessionId)!;
      }
    }
  } finally {
    await running.stop();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []));
}

test(`${MODEL}: cuts of the real link at ${CUTS} points of the session (mid-frame) each resume to every row met`, async (t) => {
  // A run with an unreachable budget counts the bytes the PC writes over all its connections.
  const probe = await session(Number.MAX_SAFE_INTEGER);
  rmSync(probe.dir, { recursive: true, force: true });
  const total = probe.written;
  assert.ok(total > 1000);
  let injected = 0;
  let recovered = 0;
  for (let i = 1; i <= CUTS; i++) {
    // +7: off the frame boundaries, so the cut falls inside a request.
    const budget = Math.floor((total * i) / (CUTS + 1)) + 7;
    const r = await session(budget);
    try {
      assert.deepEqual(r.out.verdicts.filter((v) => !rowAccepted(v)).map((v) => `${v.rowId}: ${v.reason}`), [], `cut after ${budget} bytes`);
      assert.deepEqual(r.journal.writes().filter((w) => w.state !== 'verified' && w.state !== 'reconciled').map((w) => w.writeId), []);
      assert.equal(r.out.linkFinal.kind, 'ethernet-tls');
      if (r.cut) injected++;
      recovered += r.recoveries;
      // No test secret in the journal, the store, the report.
      const report = JSON.stringify(buildComplianceReport(r.out, { appVersion: 'test' }));
      const texts = [report, ...filesUnder(join(r.dir, 'journals')).concat(filesUnder(join(r.dir, 'data'))).map((f) => readFileSync(f, 'utf8'))];
      for (const pw of TEST_PASSWORDS.values()) assert.ok(!texts.some((x) => x.includes(pw)), 'a password leaked');
      assert.ok(!texts.some((x) => /BEGIN [A-Z ]*PRIVATE KEY/.test(x)), 'a private key leaked');
    } finally {
      rmSync(r.dir, { recursive: true, force: true });
    }
  }
  t.diagnostic(`real link: ${CUTS} runs, ${injected} faults injected, ${recovered} recoveries`);
  console.log(`# fault injection over the real link (${MODEL}): ${CUTS} runs, ${injected} faults injected, ${recovered} recoveries`);
  assert.equal(injected, CUTS);
});
