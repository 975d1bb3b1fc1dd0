// Test support: moving backups and packages in BULK_CHUNK_BYTES chunks, as a driver does, with every
// loop bounded.
import { BULK_CHUNK_BYTES, SecurityCommand as C, SecurityOperation as Op } from '../../../slmp/security-commands';
import type { SecurityClient } from '../../testing/security-client';

const MAX_CHUNKS = 4096;

export async function downloadBackup(c: SecurityClient, backupId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const chunk = await c.ok(C.Backup, Op.Backup.ReadChunk, { backupId, offset });
    const data = Buffer.from(chunk.dataB64 as string, 'base64');
    parts.push(data);
    offset += data.length;
    if (chunk.eof === true) return Buffer.concat(parts);
  }
  throw new Error('backup download did not end');
}

/** Sends `bytes` in chunks with `send(offset, dataB64)`; returns the first non-zero end code, or 0. */
export async function uploadChunks(bytes: Buffer, send: (offset: number, dataB64: string) => Promise<number>): Promise<number> {
  for (let offset = 0; offset < bytes.length; offset += BULK_CHUNK_BYTES) {
    const endCode = await send(offset, bytes.subarray(offset, offset + BULK_CHUNK_BYTES).toString('base64'));
    if (endCode !== 0) return endCode;
  }
  return 0;
}
