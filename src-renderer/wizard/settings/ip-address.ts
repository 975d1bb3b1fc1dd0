// Checks an IP filter entry as it is typed: an IPv4 address or an IPv4 network in CIDR form. Main checks
// again with the profile's schema; this only explains early.
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

export type IpFilterProblem = 'invalid' | 'duplicate' | 'hostBits';

export function ipFilterProblem(value: string, existing: readonly string[]): IpFilterProblem | undefined {
  const text = value.trim();
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined || !address || !IPV4.test(address)) return 'invalid';
  if (prefix !== undefined) {
    if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) return 'invalid';
    // 192.0.2.10/24 names a host, not a network: the technician most likely meant 192.0.2.0/24.
    const bits = Number(prefix);
    const n = address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    const hostMask = bits === 32 ? 0 : 2 ** (32 - bits) - 1;
    if (n % (hostMask + 1) !== 0) return 'hostBits';
  }
  return existing.includes(text) ? 'duplicate' : undefined;
}
