// `mxc events export` against a virtual MX-R over its USB cable: signed JSON and CSV written, the export
// verifies on the PC with `mxc report verify`, and a record edited, removed or moved after the export is
// named; the Table 12 events to watch are counted with their advice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvents } from './events-command';
import { runReport } from './report-command';
import { ADMIN, commissionUsers, startFixture, VIEWER } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { verifyEventHistoryExport, type EventHistoryExport } from '../report/event-history-export';
import { DeviceOperationError } from '../devices/device-error';

test('mxc events export: signed JSON + CSV; verifies on the PC; edits after the export are found record by record', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  // Something to watch: a failed logon (Table 12 row 1).
  const tcp = await f.tcp();
  await assert.rejects(tcp.logon(VIEWER.name, 'Wrong-Pass-77'), (e: unknown) => e instanceof DeviceOperationError);
  await admin.logoff();

  const dir = mkdtempSync(join(tmpdir(), 'mxc-events-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const secrets = join(dir, 'secrets.json');
  writeFileSync(secrets, JSON.stringify({ version: 1, logon: { user: ADMIN.name, password: ADMIN.password } }));
  chmodSync(secrets, 0o600);
  const out = join(dir, 'out');
  const lines: string[] = [];
  const io = { stdout: (l: string) => lines.push(l), stderr: (l: string) => lines.push(`ERR ${l}`) };
  const code = await runEvents(['export', '--target', 'usb-socket:/unused', '--secrets', secrets, '--out', out, '--data-dir', join(dir, 'data'), '--operator', 'T. Tester'], io, { connect: async () => f.usb() });
  assert.equal(code, 0, lines.join('\n'));
  assert.ok(lines.some((l) => /^Table 12 row 1 Event related to user authentication: [1-9]/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /change the passwords of the users concerned/.test(l)));

  const signed = JSON.parse(readFileSync(join(out, 'events.json'), 'utf8')) as { report: EventHistoryExport };
  const doc = signed.report;
  assert.ok(doc.records.length >= 3 && doc.records.length === doc.deviceTotal);
  assert.ok(doc.records.some((r) => r.code === '1002' && r.watch === 'table12.row1'));
  assert.equal(doc.deviceCheck.ok, true);
  const csv = readFileSync(join(out, 'events.csv'), 'utf8');
  assert.ok(csv.startsWith('\uFEFFNumber,Time (device clock),Code,Event'));
  assert.equal(csv.trimEnd().split('\r\n').length, doc.records.length + 1);
  assert.doesNotMatch(readFileSync(join(out, 'events.json'), 'utf8') + csv, new RegExp(ADMIN.password));

  const said: string[] = [];
  const sink = { stdout: (l: string) => said.push(l), stderr: (l: string) => said.push(l) };
  assert.equal(await runReport(['verify', join(out, 'events.json')], sink), 0, said.join('\n'));
  assert.match(said.join('\n'), /numbered without gaps, chain intact/);

  // Tampering after the export: the signature catches it, and the chain names the record.
  const edited = structuredClone(doc);
  edited.records[1]!.user = 'somebody-else';
  assert.deepEqual(verifyEventHistoryExport(edited).problems[0], { kind: 'chain', index: 1, seq: doc.records[1]!.seq });
  writeFileSync(join(dir, 'edited.json'), JSON.stringify({ ...signed, report: edited }));
  said.length = 0;
  assert.equal(await runReport(['verify', join(dir, 'edited.json')], sink), 1);
  assert.match(said.join('\n'), /changed after it was signed/);

  const removed = structuredClone(doc);
  removed.records.splice(1, 1);
  const kinds = verifyEventHistoryExport(removed).problems.map((p) => p.kind);
  assert.ok(kinds.includes('chain') && kinds.includes('gap') && kinds.includes('count'), kinds.join());
  const cut = structuredClone(doc);
  cut.records.pop();
  assert.ok(verifyEventHistoryExport(cut).problems.some((p) => p.kind === 'head'));
});
