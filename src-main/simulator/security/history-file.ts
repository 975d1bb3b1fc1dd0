// Where the event history's records live (data memory = the state directory, or the SD card): one JSON
// record per line, appended as records are made, never rewritten per record. A refused request then costs
// an append of ~200 bytes instead of a rewrite of the whole history (issue 14). The file is compacted (the
// records still in the ring rewritten, atomically) only when it holds twice the ring's capacity.
//
// Crash safety: records are appended before the head is saved beside them. A crash between the two leaves
// sealed records past the saved head, which the loader accepts when their chain verifies; a torn last line
// (a crash inside the append) is dropped. A file edited into a JSON array is still read, so whoever edits
// it (a test, an attacker) is caught by the manipulation check, not by a parse error.

import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventRecord } from './event-history';

/** The records in the file, oldest first; [] when there is none. */
export function readHistoryFile(file: string): EventRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('[')) return JSON.parse(text) as EventRecord[];
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const records: EventRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      records.push(JSON.parse(lines[i]!) as EventRecord);
    } catch (error) {
      // Only the last line can be torn by a crash; a bad line before it is damage the check must see.
      if (i === lines.length - 1) break;
      throw error;
    }
  }
  return records;
}

/** True when the file is not in the append format (edited into a JSON array): it must be rewritten before an append. */
export function historyFileNeedsRewrite(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, 64, 0);
    return head.subarray(0, n).toString('utf8').trimStart().startsWith('[');
  } finally {
    closeSync(fd);
  }
}

/** Appends records (one line each) in one write. */
export function appendHistoryFile(file: string, records: readonly EventRecord[]): void {
  if (records.length === 0) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n', { mode: 0o600 });
}

/** Replaces the file with exactly these records (compaction, clearing, a new destination), atomically. */
export function rewriteHistoryFile(file: string, records: readonly EventRecord[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, records.map((r) => JSON.stringify(r) + '\n').join(''), { mode: 0o600 });
  renameSync(tmp, file);
}
