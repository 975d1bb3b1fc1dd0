// Test support: read and write D registers and stop the CPU with the standard SLMP commands, as the
// engineering tool does, so backup tests see the device memory a client sees.
import assert from 'node:assert/strict';
import { Command, Subcommand } from '../../../slmp/commands';
import { DEVICE_CODES } from '../../../slmp/devices';
import type { SecurityClient } from '../../testing/security-client';

function head(register: number, points: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(register, 0);
  b.writeUInt16LE(DEVICE_CODES.D, 4);
  b.writeUInt16LE(points, 6);
  return b;
}

export async function writeD(c: SecurityClient, register: number, value: number): Promise<void> {
  const v = Buffer.alloc(2);
  v.writeUInt16LE(value);
  const r = await c.request(Command.DeviceWrite, Subcommand.Word, Buffer.concat([head(register, 1), v]));
  assert.equal(r.endCode, 0, `write D${register}: end code ${r.endCode.toString(16)}`);
}

export async function readD(c: SecurityClient, register: number): Promise<number> {
  const r = await c.request(Command.DeviceRead, Subcommand.Word, head(register, 1));
  assert.equal(r.endCode, 0, `read D${register}: end code ${r.endCode.toString(16)}`);
  return r.data.readUInt16LE(0);
}

export async function remoteStop(c: SecurityClient): Promise<void> {
  const r = await c.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  assert.equal(r.endCode, 0, `remote STOP: end code ${r.endCode.toString(16)}`);
}
