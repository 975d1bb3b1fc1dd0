// The IP filter of a virtual MX controller (guideline 2.4.8 / 3.4.8, Table 17 row 8): an allow-list or a
// deny-list of IPv4 addresses, ranges (a-b) and CIDR blocks. The guideline recommends allowing only the
// devices that must communicate (an allow-list). Peers arrive as Node reports them; an IPv4 peer on a
// dual-stack socket looks like ::ffff:127.0.0.2 and is treated as 127.0.0.2.

import ipaddr from 'ipaddr.js';
import { IP_FILTER_MAX_ENTRIES, IP_FILTER_REFUSES_IPV6_PEERS } from './device-choices';

export type IpFilterMode = 'allow' | 'deny';

export interface IpFilterSettings {
  readonly enabled: boolean;
  readonly mode: IpFilterMode;
  /** "192.0.2.10", "192.0.2.10-192.0.2.20" or "192.0.2.0/24" */
  readonly entries: readonly string[];
}

export const FACTORY_IP_FILTER: IpFilterSettings = Object.freeze({ enabled: false, mode: 'allow', entries: [] });

export interface ParsedEntry {
  readonly text: string;
  readonly kind: 'single' | 'range' | 'cidr';
  /** inclusive, as unsigned 32-bit numbers */
  readonly first: number;
  readonly last: number;
}

export type EntryIssueCode = 'invalid-address' | 'reversed-range' | 'ipv6-not-supported' | 'too-many-entries' | 'overlap' | 'host-bits-set';

export interface EntryIssue {
  /** 0-based index in `entries`; -1 for the list as a whole */
  readonly index: number;
  readonly code: EntryIssueCode;
  readonly message: string;
}

export interface IpFilterValidation {
  readonly ok: boolean;
  readonly entries: readonly ParsedEntry[];
  readonly errors: readonly EntryIssue[];
  /** acceptable but probably not meant (overlapping entries, a CIDR with host bits) */
  readonly warnings: readonly EntryIssue[];
}

export type CheckReason = 'filter-off' | 'in-allow-list' | 'not-in-allow-list' | 'in-deny-list' | 'not-in-deny-list' | 'ipv6-peer' | 'invalid-peer';

export interface CheckResult {
  readonly allowed: boolean;
  readonly reason: CheckReason;
  /** the entry that matched, when one did */
  readonly entry?: string;
}

function toNumber(address: ipaddr.IPv4): number {
  return address.octets.reduce((n, octet) => n * 256 + octet, 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function parseIpv4(text: string): ipaddr.IPv4 | 'ipv6' | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  return ipaddr.IPv6.isValid(text) ? 'ipv6' : null;
}

type ParseOutcome = { entry: ParsedEntry; warning?: EntryIssue } | { error: EntryIssue };

function parseEntry(raw: string, index: number): ParseOutcome {
  const text = raw.trim();
  const bad = (code: EntryIssueCode, message: string): ParseOutcome => ({ error: { index, code, message: `Entry ${index + 1} "${text.slice(0, 60)}": ${message}` } });
  const invalid = 'is not an IPv4 address. Write it as four numbers 0-255, e.g. 192.168.3.10, a range 192.168.3.10-192.168.3.20, or a block 192.168.3.0/24.';

  if (text.includes('/')) {
    const [addressText = '', prefixText = ''] = text.split('/', 2);
    const address = parseIpv4(addressText.trim());
    if (address === 'ipv6') return bad('ipv6-not-supported', 'IPv6 is not supported by the controller; use IPv4.');
    const prefix = Number(prefixText.trim());
    if (!address || !/^\d{1,2}$/.test(prefixText.trim()) || prefix > 32) return bad('invalid-address', invalid);
    const size = 2 ** (32 - prefix);
    const start = toNumber(address);
    const first = start - (start % size);
    const entry: ParsedEntry = { text, kind: 'cidr', first, last: first + size - 1 };
    if (first !== start) {
      return {
        entry,
        warning: { index, code: 'host-bits-set', message: `Entry ${index + 1} "${text}" covers ${formatIpv4(first)}/${prefix} (the whole block), not only ${addressText.trim()}.` },
      };
    }
    return { entry };
  }

  if (text.includes('-')) {
    const [fromText = '', toText = ''] = text.split('-', 2).map((s) => s.trim());
    const from = parseIpv4(fromText);
    const to = parseIpv4(toText);
    if (from === 'ipv6' || to === 'ipv6') return bad('ipv6-not-supported', 'IPv6 is not supported by the controller; use IPv4.');
    if (!from || !to) return bad('invalid-address', invalid);
    const first = toNumber(from);
    const last = toNumber(to);
    if (first > last) return bad('reversed-range', `the range starts after it ends. Write the lower address first: ${toText}-${fromText}.`);
    return { entry: { text, kind: 'range', first, last } };
  }

  const single = parseIpv4(text);
  if (single === 'ipv6') return bad('ipv6-not-supported', 'IPv6 is not supported by the controller; use IPv4.');
  if (!single) return bad('invalid-address', invalid);
  const n = toNumber(single);
  return { entry: { text, kind: 'single', first: n, last: n } };
}

/** Checks every entry; errors block writing the setting, warnings are shown to the technician. */
export function validateIpFilter(settings: IpFilterSettings): IpFilterValidation {
  const errors: EntryIssue[] = [];
  const warnings: EntryIssue[] = [];
  const entries: ParsedEntry[] = [];
  const indexOf: number[] = [];
  if (settings.mode !== 'allow' && settings.mode !== 'deny') {
    errors.push({ index: -1, code: 'invalid-address', message: 'The IP filter mode must be "allow" or "deny".' });
  }
  if (settings.entries.length > IP_FILTER_MAX_ENTRIES) {
    errors.push({ index: -1, code: 'too-many-entries', message: `The IP filter holds at most ${IP_FILTER_MAX_ENTRIES} entries (got ${settings.entries.length}). Combine addresses into ranges or blocks.` });
  }
  settings.entries.forEach((raw, index) => {
    const parsed = parseEntry(raw, index);
    if ('error' in parsed) {
      errors.push(parsed.error);
      return;
    }
    if (parsed.warning) warnings.push(parsed.warning);
    entries.push(parsed.entry);
    indexOf.push(index);
  });
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i]!;
      const b = entries[j]!;
      if (a.first <= b.last && b.first <= a.last) {
        warnings.push({ index: indexOf[j]!, code: 'overlap', message: `Entry ${indexOf[j]! + 1} "${b.text}" overlaps entry ${indexOf[i]! + 1} "${a.text}".` });
      }
    }
  }
  return { ok: errors.length === 0, entries, errors, warnings };
}

export class IpFilterError extends Error {
  readonly code = 'IP_FILTER_INVALID';
  readonly issues: readonly EntryIssue[];
  constructor(issues: readonly EntryIssue[]) {
    super(`The IP filter setting has errors: ${issues.map((i) => i.message).join(' ')} (2.4.8)`);
    this.name = 'IpFilterError';
    this.issues = issues;
  }
}

export class IpFilter {
  readonly settings: IpFilterSettings;
  readonly #entries: readonly ParsedEntry[];

  /** Throws IpFilterError when the settings do not validate; validate first to show the errors. */
  constructor(settings: IpFilterSettings = FACTORY_IP_FILTER) {
    const validation = validateIpFilter(settings);
    if (!validation.ok) throw new IpFilterError(validation.errors);
    this.settings = { enabled: settings.enabled, mode: settings.mode, entries: [...settings.entries] };
    this.#entries = validation.entries;
  }

  /** Is this peer (as the socket reports it) let through? */
  check(peerAddress: string): CheckResult {
    if (!this.settings.enabled) return { allowed: true, reason: 'filter-off' };
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // process() turns an IPv4-mapped IPv6 address (::ffff:a.b.c.d) into plain IPv4.
      parsed = ipaddr.process(peerAddress.replace(/%.*$/, ''));
    } catch {
      return { allowed: false, reason: 'invalid-peer' };
    }
    if (parsed.kind() === 'ipv6') return { allowed: !IP_FILTER_REFUSES_IPV6_PEERS, reason: 'ipv6-peer' };
    const n = toNumber(parsed as ipaddr.IPv4);
    const match = this.#entries.find((e) => n >= e.first && n <= e.last);
    if (this.settings.mode === 'allow') {
      return match ? { allowed: true, reason: 'in-allow-list', entry: match.text } : { allowed: false, reason: 'not-in-allow-list' };
    }
    return match ? { allowed: false, reason: 'in-deny-list', entry: match.text } : { allowed: true, reason: 'not-in-deny-list' };
  }

  /** For the app's self-lockout guard: would these settings shut out the given address (the app's own)? */
  wouldExclude(address: string): boolean {
    return !this.check(address).allowed;
  }

  toJSON(): IpFilterSettings {
    return this.settings;
  }

  static fromJSON(settings: IpFilterSettings): IpFilter {
    return new IpFilter(settings);
  }
}
