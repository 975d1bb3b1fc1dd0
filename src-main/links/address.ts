// Validates what the technician typed before any packet leaves the computer, so a typo gets a precise
// message instead of a DNS failure or a timeout.
import ipaddr from 'ipaddr.js';
import { LinkError } from './link-error';

export type HostKind = 'ipv4' | 'ipv6' | 'hostname';

/** Returns the host in the form `net.connect` expects (IPv6 without brackets) and what it is. */
export function validateHost(input: string): { host: string; kind: HostKind } {
  const host = input.trim().replace(/^\[(.*)\]$/, '$1');
  if (host.length === 0) throw invalidAddress(input, 'the address is empty');
  if (host.includes(':')) {
    if (ipaddr.IPv6.isValid(host)) return { host, kind: 'ipv6' };
    throw invalidAddress(input, 'it is not a valid IPv6 address');
  }
  // Only the plain dotted-decimal form: ipaddr.js (like inet_aton) also accepts "0x7f.1" and octal, which
  // a technician never means and which would silently reach another device.
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return { host, kind: 'ipv4' };
  const labels = host.replace(/\.$/, '').split('.');
  // A last label of digits (or hex "0x7f") is an IP address in a form resolvers accept but people misread.
  if (ipaddr.IPv4.isValid(host) || /^(?:[0-9]+|0x[0-9a-f]+)$/i.test(labels[labels.length - 1] ?? '')) throw invalidAddress(input, 'it is not a valid IPv4 address (four numbers 0-255)');
  const hostnameOk =
    host.length <= 253 && labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
  if (!hostnameOk) throw invalidAddress(input, 'it is neither an IP address nor a valid host name');
  return { host, kind: 'hostname' };
}

export function validatePort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LinkError('invalid-address', `Port ${String(port)} is not valid: enter a whole number from 1 to 65535.`);
  }
  return port;
}

/** "192.0.2.1:5000" or "[2001:db8::1]:5000" */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function invalidAddress(input: string, why: string): LinkError {
  // The input is echoed back shortened: it is what the technician typed, never a secret.
  const shown = input.length > 60 ? `${input.slice(0, 60)}…` : input;
  return new LinkError('invalid-address', `"${shown}" cannot be used as a device address: ${why}. Check the address and try again.`);
}
