// What this PC can see of a real adapter from the air, through the operating system's own Wi-Fi scan:
// `nmcli -t -f SSID,BSSID,CHAN,SECURITY device wifi list` on Linux, `netsh wlan show networks mode=bssid`
// on Windows. For a real adapter (whose web API is not public) this is the evidence the app has for
// Table 44 rows 1, 2 and 5 as seen from the air: the security mode the AP announces and whether its SSID
// is hidden. The parsers take the tools' text; running the tool is the caller's (a PC with a Wi-Fi interface).

export interface ScannedNetwork {
  /** Empty when the AP hides its SSID (stealth SSID, 4.4.4). */
  ssid: string;
  bssid: string;
  channel: number | null;
  /** The security as the OS names it, normalized to a Table 46 authentication mode where it can be. */
  authentication: 'WPA3-Personal' | 'WPA2-Personal' | 'WPA/WPA2-Personal' | 'WPA3-Enterprise' | 'WPA2-Enterprise' | 'Enhanced Open' | 'Open' | 'unknown';
  /** The OS's own words, kept as evidence. */
  securityText: string;
}

const mac = (s: string): string => s.trim().toUpperCase();

function normalize(text: string): ScannedNetwork['authentication'] {
  const t = text.toUpperCase();
  if (/OWE|ENHANCED OPEN/.test(t)) return 'Enhanced Open';
  if (/SAE|WPA3-PERSONAL|WPA3 PERSONAL/.test(t) || (/WPA3/.test(t) && !/802\.1X|ENTERPRISE/.test(t))) return 'WPA3-Personal';
  if (/WPA3/.test(t) && /802\.1X|ENTERPRISE/.test(t)) return 'WPA3-Enterprise';
  if (/802\.1X|ENTERPRISE/.test(t)) return 'WPA2-Enterprise';
  if (/WPA1|^WPA\s|WPA-PERSONAL|WPAPSK/.test(t) && /WPA2/.test(t)) return 'WPA/WPA2-Personal';
  if (/WPA2/.test(t)) return 'WPA2-Personal';
  if (t.trim() === '' || t.trim() === '--' || /^OPEN$/.test(t.trim())) return 'Open';
  return 'unknown';
}

/** nmcli terse output (`-t`): fields separated by ":", a ":" inside a field escaped as "\:". */
export function parseNmcliScan(output: string): ScannedNetwork[] {
  const out: ScannedNetwork[] = [];
  for (const line of output.split(/\r?\n/).slice(0, 1000)) {
    if (!line.trim()) continue;
    const fields = line.split(/(?<!\\):/).map((f) => f.replace(/\\:/g, ':').replace(/\\\\/g, '\\'));
    if (fields.length < 4) continue;
    const [ssid, bssid, chan, security] = fields as [string, string, string, string];
    if (!/^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(bssid)) continue;
    out.push({ ssid, bssid: mac(bssid), channel: /^\d+$/.test(chan) ? Number(chan) : null, authentication: normalize(security), securityText: security });
  }
  return out;
}

/** `netsh wlan show networks mode=bssid`: one block per SSID ("SSID 2 : " empty when hidden), one sub-block per BSSID. */
export function parseNetshScan(output: string): ScannedNetwork[] {
  const out: ScannedNetwork[] = [];
  let ssid = '';
  let auth = '';
  let enc = '';
  let current: ScannedNetwork | undefined;
  for (const raw of output.split(/\r?\n/).slice(0, 5000)) {
    const m = /^\s*([^:]+?)\s*:\s?(.*)$/.exec(raw);
    if (!m) continue;
    const key = m[1]!.trim();
    const value = m[2]!.trim();
    if (/^SSID \d+$/.test(key)) {
      ssid = value;
      auth = '';
      enc = '';
      current = undefined;
    } else if (key === 'Authentication') auth = value;
    else if (key === 'Encryption') enc = value;
    else if (/^BSSID \d+$/.test(key)) {
      current = { ssid, bssid: mac(value), channel: null, authentication: normalize(auth), securityText: `${auth} / ${enc}`.trim() };
      out.push(current);
    } else if (key === 'Channel' && current) current.channel = /^\d+$/.test(value) ? Number(value) : null;
  }
  return out;
}

export interface AirObservation {
  rowId: 'table44.row1' | 'table44.row2' | 'table44.row5';
  status: 'pass' | 'fail' | 'not-verified';
  seen: string;
}

/**
 * Judges what the scan shows of the adapter (by its BSSID): encryption on (row 1), an authenticating mode
 * (row 2, WPA3 recommended), the SSID hidden (row 5). Not seen at all: not verified (out of range, or the
 * PC has no Wi-Fi interface).
 */
export function judgeFromAir(networks: readonly ScannedNetwork[], bssid: string): AirObservation[] {
  const n = networks.find((x) => x.bssid === mac(bssid));
  if (!n) return (['table44.row1', 'table44.row2', 'table44.row5'] as const).map((rowId) => ({ rowId, status: 'not-verified', seen: `The PC's Wi-Fi scan does not show ${mac(bssid)}.` }));
  const seen = `${n.bssid} "${n.ssid}" ${n.securityText}`;
  const encrypted = n.authentication !== 'Open' && n.authentication !== 'unknown';
  const authenticates = encrypted && n.authentication !== 'Enhanced Open';
  return [
    { rowId: 'table44.row1', status: encrypted ? 'pass' : n.authentication === 'unknown' ? 'not-verified' : 'fail', seen },
    { rowId: 'table44.row2', status: authenticates ? 'pass' : n.authentication === 'unknown' ? 'not-verified' : 'fail', seen },
    { rowId: 'table44.row5', status: n.ssid === '' ? 'pass' : 'fail', seen },
  ];
}
