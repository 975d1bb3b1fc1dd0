// The practice devices' "USB cable": a local socket (a Unix domain socket, or a named pipe on Windows)
// to a virtual device. It is presented as kind 'usb' because that is what it stands for in the
// guideline's rules (a direct cable, procedure A), and it is marked virtual so nobody mistakes it
// for a real controller.
import net from 'node:net';
import { basename } from 'node:path';
import type { Link } from './link';
import { LinkError } from './link-error';
import { SocketLink } from './socket-link';
import { waitForSocket } from './socket-connect';

// Project choice: a local socket answers at once or not at all; 2 s is generous on a loaded machine.
const VIRTUAL_USB_CONNECT_TIMEOUT_MS = 2000;

export interface VirtualUsbOptions {
  /** Unix domain socket path, or `\\.\pipe\<name>` on Windows. */
  path: string;
  /** Shown to the technician, e.g. "practice MXR300-32". */
  label?: string;
  timeoutMs?: number;
}

export async function connectVirtualUsb(options: VirtualUsbOptions): Promise<Link> {
  if (options.path.length === 0 || options.path.includes('\0')) {
    throw new LinkError('invalid-address', 'The practice device has no valid socket path. Restart the practice device.');
  }
  const label = options.label ?? basename(options.path);
  const where = `the practice device "${label}"`;
  const socket = net.connect({ path: options.path });
  try {
    await waitForSocket(socket, 'connect', where, options.timeoutMs ?? VIRTUAL_USB_CONNECT_TIMEOUT_MS);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ENOENT' || cause === 'ECONNREFUSED') {
      throw new LinkError('unreachable', `${where[0]!.toUpperCase()}${where.slice(1)} is not running. Start it from the practice menu and connect again.`, { cause: error });
    }
    throw error;
  }
  return new SocketLink(socket, { kind: 'usb', description: `USB (direct cable) — ${label}`, virtual: true, where });
}
