// The event history exported to the PC (Table 9 row 11 / Table 27 row 10: "back up the event history
// periodically"; Tables 15/33 row 2: "check the obtained logs"), as evidence an auditor can check later.
//
// What is proved, and where:
// - The device's own manipulation check (Table 9 row 13: a MAC chain under a key only the device holds)
//   is asked at export time; its answer is recorded. The PC cannot recompute that chain (it has no key).
// - The PC checks what it can see: sequence numbers without gaps between the first and last record, and
//   as many records as the device says it holds.
// - The file carries its own SHA-256 chain (each record's `chain` = SHA-256(previous chain || the record's
//   canonical JSON)) and the installation's Ed25519 signature over everything, so a record edited, removed,
//   reordered or inserted after the export is found on the PC by `mxc report verify`, naming the record.
import { createHash } from 'node:crypto';
import type { EventRecordView, EventHistoryIntegrity } from '../devices/controller-security-driver';
import { canonicalize, type SignedReport } from '../crypto/report-signature';
import { watchRowOf } from '../commissioning/guideline/tables/events-to-watch';

export const EVENT_HISTORY_FORMAT = 'mx-commissioner-event-history';
const GENESIS = '0'.repeat(64);

export interface ExportedEvent {
  seq: number;
  /** Device clock, ISO 8601. */
  at: string;
  /** The 4 hex digits the device shows. */
  code: string;
  name: string;
  user?: string;
  peer?: string;
  transport?: string;
  detail?: string;
  /** The Table 12/30 row the event falls under ("table12.row1"), when it is one to watch. */
  watch?: string;
  /** SHA-256 (hex) of the previous record's chain value and this record's canonical JSON without `chain`. */
  chain: string;
}

export interface EventHistoryExport {
  format: typeof EVENT_HISTORY_FORMAT;
  version: 1;
  exportedAt: string;
  operator: { name: string };
  device: { system: 'mx-r' | 'mx-f'; model: string; serialNumber: string | null; firmwareVersion: string | null };
  link: { kind: string; description: string };
  /** The device's manipulation check (Table 9 row 13 / Table 27 row 12) as the device answered it at export. */
  deviceCheck: { ok: boolean; firstBadIndex?: number; reason?: string; checkedAt: string };
  /** How many records the device said it holds when the export began. */
  deviceTotal: number;
  records: ExportedEvent[];
  /** The last record's chain value (the genesis value for an empty history). */
  chainHead: string;
}

export function chainValue(previous: string, record: Omit<ExportedEvent, 'chain'>): string {
  return createHash('sha256').update(previous, 'utf8').update(canonicalize(record), 'utf8').digest('hex');
}

export interface ExportInput {
  system: 'mx-r' | 'mx-f';
  device: EventHistoryExport['device'];
  link: EventHistoryExport['link'];
  operatorName: string;
  records: readonly EventRecordView[];
  deviceTotal: number;
  deviceCheck: EventHistoryIntegrity;
  checkedAt: Date;
  now?: Date;
}

export const formatCode = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

export function buildEventHistoryExport(input: ExportInput): EventHistoryExport {
  let previous = GENESIS;
  const records = input.records.map((r) => {
    const watch = watchRowOf(input.system, r.code)?.id;
    const body: Omit<ExportedEvent, 'chain'> = {
      seq: r.seq,
      at: r.at,
      code: formatCode(r.code),
      name: r.name,
      ...(r.user !== undefined ? { user: r.user } : {}),
      ...(r.peer !== undefined ? { peer: r.peer } : {}),
      ...(r.transport !== undefined ? { transport: r.transport } : {}),
      ...(r.detail !== undefined ? { detail: r.detail } : {}),
      ...(watch ? { watch } : {}),
    };
    previous = chainValue(previous, body);
    return { ...body, chain: previous };
  });
  return {
    format: EVENT_HISTORY_FORMAT,
    version: 1,
    exportedAt: (input.now ?? new Date()).toISOString(),
    operator: { name: input.operatorName },
    device: input.device,
    link: input.link,
    deviceCheck: {
      ok: input.deviceCheck.ok,
      ...(input.deviceCheck.firstBadIndex !== undefined ? { firstBadIndex: input.deviceCheck.firstBadIndex } : {}),
      ...(input.deviceCheck.reason !== undefined ? { reason: input.deviceCheck.reason } : {}),
      checkedAt: input.checkedAt.toISOString(),
    },
    deviceTotal: input.deviceTotal,
    records,
    chainHead: previous,
  };
}

export type EventExportProblem =
  | { kind: 'chain'; index: number; seq: number | null }
  | { kind: 'head' }
  | { kind: 'gap'; afterSeq: number; nextSeq: number }
  | { kind: 'count'; exported: number; deviceTotal: number }
  | { kind: 'device-check'; reason: string };

export interface EventExportVerdict {
  ok: boolean;
  problems: EventExportProblem[];
  messages: string[];
}

/**
 * The PC-side checks of an export (the signature is checked by the caller, report/signed-document.ts):
 * its own chain record by record, contiguous sequence numbers, the count the device gave, and what the
 * device's own manipulation check said at export time.
 */
export function verifyEventHistoryExport(doc: EventHistoryExport): EventExportVerdict {
  const problems: EventExportProblem[] = [];
  let previous = GENESIS;
  const records = Array.isArray(doc.records) ? doc.records : [];
  for (let i = 0; i < records.length; i++) {
    const { chain, ...body } = records[i]!;
    const expected = chainValue(previous, body);
    if (chain !== expected) {
      problems.push({ kind: 'chain', index: i, seq: Number.isSafeInteger(body.seq) ? body.seq : null });
      break;
    }
    previous = chain;
  }
  if (!problems.length && doc.chainHead !== previous) problems.push({ kind: 'head' });
  for (let i = 1; i < records.length; i++) {
    const a = records[i - 1]!.seq;
    const b = records[i]!.seq;
    if (b !== a + 1) {
      problems.push({ kind: 'gap', afterSeq: a, nextSeq: b });
      break;
    }
  }
  if (records.length !== doc.deviceTotal) problems.push({ kind: 'count', exported: records.length, deviceTotal: doc.deviceTotal });
  if (!doc.deviceCheck?.ok) problems.push({ kind: 'device-check', reason: doc.deviceCheck?.reason ?? 'unknown' });
  return { ok: problems.length === 0, problems, messages: problems.map(describeProblem) };
}

export function describeProblem(p: EventExportProblem): string {
  switch (p.kind) {
    case 'chain':
      return `Record ${p.index + 1}${p.seq !== null ? ` (number ${p.seq})` : ''} of the exported history does not follow from the one before: it was changed, removed, moved or inserted after the export.`;
    case 'head':
      return 'The last record of the exported history is missing: records were removed from its end after the export.';
    case 'gap':
      return `Records ${p.afterSeq + 1} to ${p.nextSeq - 1} are missing between ${p.afterSeq} and ${p.nextSeq}: the device did not give them, or they were removed.`;
    case 'count':
      return `The export holds ${p.exported} records but the device said it held ${p.deviceTotal}.`;
    case 'device-check':
      return `The device's own manipulation check failed at export time (${p.reason}): the history on the device cannot be trusted (Table 9 row 13).`;
  }
}

/** The export inside its signed envelope, as `mxc events export` writes it. */
export function isEventHistoryExport(value: unknown): value is EventHistoryExport {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === EVENT_HISTORY_FORMAT;
}

export type SignedEventHistory = SignedReport & { report: EventHistoryExport };

// ---------------------------------------------------------------------------------------------------
// CSV (RFC 4180), for a spreadsheet. Not evidence by itself: the signed JSON is.

const CSV_HEADERS = {
  en: ['Number', 'Time (device clock)', 'Code', 'Event', 'User', 'Address', 'Path', 'Detail', 'Event to watch'],
  ja: ['番号', '日時（機器の時計）', 'コード', 'イベント', 'ユーザ', 'アドレス', '経路', '詳細', '監視すべきイベント'],
} as const;

/**
 * One cell. A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) gets a leading
 * apostrophe: user names and details come from the network and must not become formulas on the PC.
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function eventHistoryCsv(doc: EventHistoryExport, lang: 'en' | 'ja' = 'en', watchTitle?: (id: string) => string | undefined): string {
  const lines = [CSV_HEADERS[lang].map(csvCell).join(',')];
  for (const r of doc.records) {
    lines.push([r.seq, r.at, r.code, r.name, r.user, r.peer, r.transport, r.detail, r.watch ? (watchTitle?.(r.watch) ?? r.watch) : ''].map(csvCell).join(','));
  }
  // UTF-8 with a byte order mark so spreadsheet programs read the Japanese text correctly.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
