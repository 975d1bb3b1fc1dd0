// Reading a controller's whole event history through the driver and turning it into the export the PC
// keeps (report/event-history-export.ts). Shared by `mxc events export`, the maintenance visit's
// event-history review (Tables 15/33 row 2) and the disposal's final record.
import type { ControllerCapabilities, ControllerSecurityDriver, EventRecordView } from '../devices/controller-security-driver';
import { buildEventHistoryExport, type EventHistoryExport } from '../report/event-history-export';

// Project choice: a page is the device's largest (50 records, docs/protocol.md 7E05) and the export stops
// after 10 000 pages (500 000 records, far above the largest history: 1 MB of 64-byte records).
const PAGE = 50;
const MAX_PAGES = 10_000;

export async function readWholeEventHistory(driver: ControllerSecurityDriver): Promise<{ records: EventRecordView[]; total: number }> {
  const first = await driver.readEventHistory({ from: 0, max: PAGE });
  const records = [...first.records];
  let from = records.length ? records[records.length - 1]!.seq + 1 : 0;
  let last = first.records.length;
  for (let page = 1; page < MAX_PAGES && last > 0; page++) {
    const next = await driver.readEventHistory({ from, max: PAGE });
    last = next.records.length;
    if (!last) break;
    records.push(...next.records);
    from = next.records[next.records.length - 1]!.seq + 1;
  }
  return { records, total: first.total };
}

export interface ExportOptions {
  operatorName: string;
  now?: () => Date;
}

/** Asks the device's own manipulation check, then reads every record: the export the PC signs. */
export async function exportEventHistory(driver: ControllerSecurityDriver, options: ExportOptions): Promise<EventHistoryExport> {
  const now = options.now ?? (() => new Date());
  const caps = await driver.capabilities();
  const system = systemOf(caps);
  const identity = await driver.readIdentity();
  const deviceCheck = await driver.verifyEventHistory();
  const checkedAt = now();
  const { records, total } = await readWholeEventHistory(driver);
  return buildEventHistoryExport({
    system,
    device: { system, model: caps.model, serialNumber: caps.serialNumber, firmwareVersion: caps.firmwareVersion },
    link: { kind: identity.linkKind, description: identity.linkDescription },
    operatorName: options.operatorName,
    records,
    deviceTotal: total,
    deviceCheck,
    checkedAt,
    now: now(),
  });
}

export const systemOf = (caps: ControllerCapabilities): 'mx-r' | 'mx-f' => (caps.family === 'MX-F' ? 'mx-f' : 'mx-r');
