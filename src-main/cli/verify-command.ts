// `mxc verify`: the outside view alone. What a PC on the controller's Ethernet sees, held against a profile,
// with no write and no logon, as a signed report. Exit 0 only when every row and check the network can
// judge is met. Useful on a real controller (which answers C059 to the app's security commands) and to an
// auditor walking a plant.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget } from './endpoint';
import { validateProfile, type ControllerProfile } from '../model/security-settings';
import { DeviceRegistry } from '../commissioning/engine/device-registry';
import { judgeFromNetwork, observeFromNetwork } from '../commissioning/network-verification/network-verification';
import { installationStore } from '../store/conf-store';
import { loadOrCreateInstallationKey } from '../report/installation-key';
import { buildNetworkVerificationReport, renderNetworkReportHtml } from '../report/network-verification-report';
import { signNetworkVerificationReport } from '../report/signed-report-file';

const HELP = `Usage: mxc verify --profile FILE --target ENDPOINT --pc-address ADDRESS --out DIR [options]

Verifies a controller from the network only: no setting is written and nobody logs on. This is what the
app can establish about a real MX-R or MX-F, whose security settings are made in the engineering tool
(GX Works3) over its own protocol. It reads, from this PC:

  identity          Read Type Name (SLMP 0101) on the SLMP port the engineering tool opened (--target),
                    and whether the app's security commands are supported (a real controller: C059)
  default ports     every nominal default open port of the Ethernet port: TCP by connecting, UDP where
                    ICMP tells it closed. Only port numbers that are public (MELSOFT TCP 5007, UDP 5006,
                    OPC UA 4840) are judged; the others are probed and shown, not judged
  TLS service       the versions offered (TLS 1.2, 1.3) and the certificate presented: key type,
                    validity, subject; the certificate is pinned in DIR's data directory from then on
  IP filter         the same port from this PC and from --second-address, against the profile's filter

and writes into DIR:

  report.json       every row of Table 9 (MX-R) / Table 27 (MX-F) with its status and how it was
                    established (seen from the network, or not visible from the network), each reading
                    with what was probed, from where and when; signed ("mxc report verify report.json")
  report.html       the same, printable (--lang ja for Japanese)

The bandwidth limitation is measured only with --confirm-bandwidth-test: a burst of SLMP self-test
echoes for at most 2 s, against what this PC can send on its own loopback; judged only where the
difference is clear (the PC sends at least 4 times the limit; the controller passes at most 1.5 times
it: met; more than twice: not met).

Exit code 0 only when every row and check the network can judge is met; 1 when something the network
shows differs from the profile (each is listed) or the device cannot be reached; 2 for a usage error.

Options:
  --profile FILE          The security profile (JSON; "mxc profile recommended" makes one)
  --target ENDPOINT       The SLMP port: tcp://HOST:PORT (e.g. tcp://192.0.2.10:1025)
  --tls-target HOST:PORT  The controller's TLS service, when the profile uses encrypted communication
  --pc-address ADDRESS    This PC's address on the controller's network (every probe is sent from it)
  --second-address ADDR   Another address of this PC, to see the IP filter refuse what the profile
                          does not allow (without it the IP filter row is not judged)
  --out DIR               Where report.json and report.html go
  --data-dir DIR          The report signing key and the pinned certificates
                          (default ~/.config/mx-commissioner)
  --operator NAME         Who verifies (default: the login name)
  --lang en|ja            Language of report.html (default en)
  --confirm-bandwidth-test  Load the controller for up to 2 s to measure the bandwidth limitation
                          (only where a burst of traffic is acceptable at this moment)
  -h, --help              This text
`;

function hostPort(value: string, option: string): { host: string; port: number } {
  const m = /^(?:tls:\/\/|tcp:\/\/)?(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new CliUsageError(`${option} is HOST:PORT (e.g. 192.0.2.10:5011).`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function address(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!net.isIP(value)) throw new CliUsageError(`${option} is an IP address of this PC (e.g. 192.0.2.50), got "${value}".`);
  return value;
}

export async function runVerify(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        profile: { type: 'string' },
        target: { type: 'string' },
        'tls-target': { type: 'string' },
        'pc-address': { type: 'string' },
        'second-address': { type: 'string' },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
        operator: { type: 'string' },
        lang: { type: 'string' },
        'confirm-bandwidth-test': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  if (!values.profile) throw new CliUsageError('--profile FILE is required.');
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  const pcAddress = address(values['pc-address'], '--pc-address');
  if (!pcAddress) throw new CliUsageError('--pc-address is required: every probe is sent from this PC\'s address on the controller\'s network.');
  const secondAddress = address(values['second-address'], '--second-address');
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'ja') throw new CliUsageError('--lang is "en" or "ja".');
  const target = parseTarget(values.target);
  if (target.kind !== 'tcp') throw new CliUsageError('--target is the SLMP port the engineering tool opened: tcp://HOST:PORT.');
  const tlsTarget = values['tls-target'] ? hostPort(values['tls-target'], '--tls-target') : undefined;

  let profileJson: unknown;
  try {
    profileJson = JSON.parse(readFileSync(values.profile, 'utf8'));
  } catch (e) {
    io.stderr(`mxc verify: the profile ${values.profile} cannot be read as JSON (${(e as NodeJS.ErrnoException).code ?? 'syntax error'}).`);
    return 1;
  }
  const v = validateProfile(profileJson);
  if (!v.ok || v.profile.system === 'wlan-adapter') {
    const issues = v.ok ? [{ path: 'system', message: 'This command verifies MX-R and MX-F controllers.' }] : v.issues;
    for (const i of issues) io.stderr(`profile ${i.path || '(profile)'}: ${i.message}`);
    return 1;
  }
  const profile = v.profile as ControllerProfile;

  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner'));
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const registry = new DeviceRegistry(installationStore(dataDir));
  const deviceId = tlsTarget ? `network:${profile.model}@${tlsTarget.host}:${tlsTarget.port}` : undefined;
  const pin = deviceId ? registry.get(deviceId) : undefined;

  io.stdout(`Verifying ${profile.model} at ${target.host}:${target.port} from ${pcAddress}${secondAddress ? ` and ${secondAddress}` : ''}: no write, no logon.`);
  const observation = await observeFromNetwork({
    profile,
    target: { host: target.host, port: target.port },
    ...(tlsTarget ? { tlsTarget } : {}),
    pcAddress,
    ...(secondAddress ? { secondAddress } : {}),
    ...(pin ? { pinned: { fingerprint256: pin.fingerprint256, pinnedAt: pin.pinnedAt } } : {}),
    ...(values['confirm-bandwidth-test'] ? { confirmBandwidth: true } : {}),
  });
  const judgement = judgeFromNetwork(profile, observation);
  const cert = observation.tls?.certificate;
  // Pinned from then on: the first certificate seen is kept; a different one later is reported, never re-pinned silently.
  if (deviceId && cert && !pin) {
    registry.pin({ deviceId, model: profile.model, serial: null, fingerprint256: cert.fingerprint256, notAfter: cert.notAfter, pinnedAt: observation.takenAt, ...(tlsTarget ? { tlsEndpoint: `${tlsTarget.host}:${tlsTarget.port}` } : {}) });
  }

  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const report = buildNetworkVerificationReport(profile, observation, judgement, { appVersion: version, operatorName: values.operator ?? userInfo().username });
  const key = await loadOrCreateInstallationKey(dataDir);
  const signed = await signNetworkVerificationReport(report, key);
  writeFileSync(join(outDir, 'report.json'), JSON.stringify(signed, null, 2));
  writeFileSync(join(outDir, 'report.html'), renderNetworkReportHtml(report, lang));

  for (const r of observation.readings) io.stdout(`  ${r.at} ${r.probe} from ${r.from}: ${r.result}`);
  for (const c of judgement.checks.filter((x) => x.status === 'fail')) io.stdout(`FAIL ${c.title.en}: ${c.reason ?? ''}`);
  for (const r of judgement.rows.filter((x) => x.status === 'fail')) io.stdout(`FAIL Table ${r.table} row ${r.row} (${r.item.en}): ${r.reason ?? ''}`);
  const s = report.summary;
  io.stdout(`Rows: ${s.passed} pass, ${s.failed} fail, ${s.notApplicable} n/a, ${s.notJudged} not judged (not visible from the network). Seen from the network: ${s.provenance.network}.`);
  io.stdout(`Report: ${join(outDir, 'report.json')} (signed, key ${key.keyId}), ${join(outDir, 'report.html')}`);
  return report.summary.met ? 0 : 1;
}

export const verifyCommand: CliCommand = { name: 'verify', summary: 'Verify a controller from the network only (no write, no logon); signed report', help: HELP, run: runVerify };
