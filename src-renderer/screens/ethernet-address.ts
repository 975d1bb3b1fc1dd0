// Checks an Ethernet address as it is typed, so a slip shows next to the field before anything is sent.
// The main process validates again with the contract's schema; this only explains early.

export type HostProblem = 'hostRequired' | 'hostInvalid' | undefined;
export type PortProblem = 'portInvalid' | undefined;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

export function hostProblem(value: string): HostProblem {
  const host = value.trim();
  if (host === '') return 'hostRequired';
  if (/^[\d.]+$/.test(host)) return IPV4.test(host) ? undefined : 'hostInvalid';
  if (host.includes(':')) return IPV6.test(host) && host.split(':').length >= 3 ? undefined : 'hostInvalid';
  return HOST_NAME.test(host) ? undefined : 'hostInvalid';
}

export function portProblem(value: string): PortProblem {
  if (!/^\d{1,5}$/.test(value.trim())) return 'portInvalid';
  const port = Number(value.trim());
  return port >= 1 && port <= 65535 ? undefined : 'portInvalid';
}
