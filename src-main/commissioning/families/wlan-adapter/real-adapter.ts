// A REAL wireless LAN adapter (issue 10 item 2): its web interface API is not public, so the app does not
// write it. Every step of Figure 36 becomes operator-performed (done on the adapter's own web page), and
// the app checks what this PC can observe: the web interface answers (4.3.1, 4.4.5); the factory password
// is refused after commissioning (Table 44 rows 6, 7) — only when the operator allows a test logon, and
// only where the adapter answers the logon this app knows; and, where the PC has a Wi-Fi interface, the
// operating system's own scan (nmcli on Linux, netsh on Windows) shows the network's security mode and that
// its SSID is hidden (Table 44 rows 1, 2, 5 seen from the air). Anything the PC cannot see is "not
// verified" with what the operator must confirm, never a pass.
import { execFile } from 'node:child_process';
import { isDeviceOperationError } from '../../../devices/device-error';
import { observeWebInterface, type WebInterfaceObservation } from '../../../devices/wlan-adapter/observe-from-pc';
import { judgeFromAir, parseNetshScan, parseNmcliScan, type ScannedNetwork } from '../../../devices/wlan-adapter/os-wifi-scan';
import { WlanAdapterDriver } from '../../../devices/wlan-adapter/wlan-adapter-driver';
import { GUIDELINE } from '../../guideline';
import type { Bilingual } from '../../guideline/types';

export interface RawScan {
  tool: 'nmcli' | 'netsh';
  output: string;
}

// Project choice: the OS scan may take 15 s and at most 1 MiB of output (a crowded band lists hundreds).
const SCAN = { timeoutMs: 15_000, maxBuffer: 1024 * 1024 };

/** Runs this PC's own Wi-Fi scan; undefined when the tool is absent or the PC has no Wi-Fi interface. */
export function runOsWifiScan(platform: NodeJS.Platform = process.platform): Promise<RawScan | undefined> {
  const [tool, args]: [RawScan['tool'], string[]] = platform === 'win32' ? ['netsh', ['wlan', 'show', 'networks', 'mode=bssid']] : ['nmcli', ['-t', '-f', 'SSID,BSSID,CHAN,SECURITY', 'device', 'wifi', 'list']];
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: SCAN.timeoutMs, maxBuffer: SCAN.maxBuffer, windowsHide: true }, (error, stdout) => resolve(error ? undefined : { tool, output: String(stdout) }));
  });
}

export function parseScan(scan: RawScan): ScannedNetwork[] {
  return scan.tool === 'netsh' ? parseNetshScan(scan.output) : parseNmcliScan(scan.output);
}

export type ObservedStatus = 'pass' | 'fail' | 'not-verified';

export interface RealAdapterObservation {
  /** A Table 44 row id, or "4.3.1" for the web interface. */
  id: string;
  status: ObservedStatus;
  /** What the PC saw (evidence, in English like the report's). */
  seen: string;
  /** What the operator confirms on the adapter's web page when the PC could not see it. */
  confirm?: string;
}

export interface RealAdapterStep {
  stepId: string;
  number: number;
  title: Bilingual;
  state: 'operator-performed';
  /** What the technician does on the adapter's web page. */
  operatorDoes: Bilingual;
}

export interface RealAdapterCheckInput {
  host: string;
  port: number;
  /** The adapter's radio (AP) MAC address, as on its label or status page: the scan is matched by it. */
  bssid?: string;
  /** Only with the operator's permission: one logon try with the factory password (it is logged by the adapter). */
  testLogon?: { factoryPassword: string };
}

export interface RealAdapterCheckDeps {
  observe?: (host: string, port: number) => Promise<WebInterfaceObservation>;
  scan?: () => Promise<RawScan | undefined>;
  /** The factory-password try: 'refused', 'accepted', or 'unknown' (the adapter does not answer this app's logon). */
  tryFactoryLogon?: (host: string, port: number, password: string) => Promise<'refused' | 'accepted' | 'unknown'>;
}

/** Figure 36 as the operator's steps for a real adapter. */
export function realAdapterSteps(): RealAdapterStep[] {
  return GUIDELINE['wlan-adapter'].procedure.steps.map((s) => ({ stepId: s.id, number: s.number, title: s.title, state: 'operator-performed', operatorDoes: s.operatorDoes }));
}

async function factoryLogonThroughDriver(host: string, port: number, password: string): Promise<'refused' | 'accepted' | 'unknown'> {
  let d: WlanAdapterDriver | undefined;
  try {
    d = await WlanAdapterDriver.connect({ host, port });
    // Accepted at all (even only to set a new password) means the factory password still works.
    await d.logon(password);
    return 'accepted';
  } catch (e) {
    return isDeviceOperationError(e, 'wrong-credentials') ? 'refused' : 'unknown';
  } finally {
    await d?.close().catch(() => undefined);
  }
}

export async function observeRealAdapter(input: RealAdapterCheckInput, deps: RealAdapterCheckDeps = {}): Promise<RealAdapterObservation[]> {
  const out: RealAdapterObservation[] = [];
  const web = await (deps.observe ?? observeWebInterface)(input.host, input.port);
  out.push(
    web.answers
      ? { id: '4.3.1', status: 'pass', seen: `the web interface answers over ${web.protocol?.toUpperCase()} (HTTP ${web.status})${web.fingerprint256 ? `, certificate ${web.fingerprint256}` : ''}`, ...(web.protocol === 'http' ? { confirm: 'The web interface answers without encryption: passwords would cross the network in clear. Use HTTPS if the adapter offers it.' } : {}) }
      : { id: '4.3.1', status: 'fail', seen: `no answer from ${input.host}:${input.port} over HTTPS or HTTP`, confirm: "Check the adapter's address, its power and the cable." },
  );
  for (const row of ['table44.row6', 'table44.row7']) {
    if (!input.testLogon) {
      out.push({ id: row, status: 'not-verified', seen: 'no test logon (the operator did not allow one)', confirm: 'Confirm on the web page that the factory password is refused and that a new password is set.' });
      continue;
    }
    const r = web.answers ? await (deps.tryFactoryLogon ?? factoryLogonThroughDriver)(input.host, input.port, input.testLogon.factoryPassword) : 'unknown';
    out.push(
      r === 'refused'
        ? { id: row, status: 'pass', seen: 'a logon with the factory password was refused' }
        : r === 'accepted'
          ? { id: row, status: 'fail', seen: 'a logon with the factory password was ACCEPTED: the initial password was not replaced' }
          : { id: row, status: 'not-verified', seen: 'the adapter does not answer the logon this app knows (its web API is not public)', confirm: 'Try the factory password on its login page yourself: it must be refused.' },
    );
  }
  const scan = input.bssid ? await (deps.scan ?? runOsWifiScan)() : undefined;
  if (!input.bssid) {
    for (const id of ['table44.row1', 'table44.row2', 'table44.row5']) out.push({ id, status: 'not-verified', seen: "no radio MAC address (BSSID) given: the scan cannot tell the adapter's network", confirm: "Give the adapter's radio MAC address from its label or status page." });
  } else if (!scan) {
    for (const id of ['table44.row1', 'table44.row2', 'table44.row5']) out.push({ id, status: 'not-verified', seen: 'this PC has no Wi-Fi scan (no nmcli/netsh, or no Wi-Fi interface)', confirm: 'Confirm the security mode and the stealth SSID on the web page.' });
  } else {
    for (const a of judgeFromAir(parseScan(scan), input.bssid)) out.push({ id: a.rowId, status: a.status, seen: `${scan.tool}: ${a.seen}`, ...(a.status === 'not-verified' ? { confirm: 'Bring the PC within range of the adapter, or confirm on the web page.' } : {}) });
  }
  return out;
}
