// 7E05 Event history (2.4.5): read in pages, verify (the manipulation check), clear (Administrators;
// the clearing itself is the first record of the new history, Table 12 row 4).

import { encodeJson, SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { formatEventCode, type EventRecord } from '../security/event-history';
import { ADMINISTRATORS } from '../security/operations';
import { fail, MAX_JSON_RESPONSE_BYTES, optionalInt, registerJsonCommand } from './json-command';
import { eventHistoryBlockOf } from './parameter-blocks';

export const MAX_RECORDS_PER_PAGE = 50;

function wire(r: EventRecord): Record<string, unknown> {
  return {
    seq: r.seq,
    at: r.at,
    // Project choice: the code travels as the 4 hex digits the technician sees ("1002").
    code: formatEventCode(r.code),
    name: r.name,
    ...(r.user !== undefined && { user: r.user }),
    ...(r.peerAddress !== undefined && { peer: r.peerAddress }),
    ...(r.transport !== undefined && { transport: r.transport }),
    ...(r.detail !== undefined && { detail: r.detail }),
  };
}

export function installEventHistoryCommands(security: ControllerSecurity): void {
  const op = SecurityOperation.EventHistory;
  registerJsonCommand(security.controller, SecurityCommand.EventHistory, {
    [op.Read]: (body) => {
      const from = optionalInt(body, 'from', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const max = optionalInt(body, 'max', 1, MAX_RECORDS_PER_PAGE) ?? MAX_RECORDS_PER_PAGE;
      security.reloadHistory();
      const all = security.history.read().records;
      const settings = { ...eventHistoryBlockOf(security.history.settings), capacity: security.history.capacity };
      const answer = { records: [] as Record<string, unknown>[], total: all.length, settings };
      // A page holds at most `max` records and never more than one frame carries: the client asks
      // again from the last seq + 1.
      let size = encodeJson(answer).length;
      for (const r of all) {
        if (r.seq < from) continue;
        if (answer.records.length >= max) break;
        const item = wire(r);
        const added = encodeJson(item).length + 1;
        if (size + added > MAX_JSON_RESPONSE_BYTES) break;
        answer.records.push(item);
        size += added;
      }
      return answer;
    },
    [op.Verify]: (_body, context) => {
      security.reloadHistory();
      const result = security.history.verify();
      if (result.ok) return { ok: true };
      security.record({ name: 'event-history-tampered', peer: security.peerOf(context), detail: `record index ${result.firstBadIndex}: ${result.reason}` });
      return { ok: false, firstBadIndex: result.firstBadIndex, reason: result.reason };
    },
    [op.Clear]: (_body, context) => {
      // The guard let only an Administrator (or anyone while authentication is off) through.
      const administrator = !security.auth.enabled || context.user?.role === ADMINISTRATORS;
      const result = security.history.clear({ administrator, ...(context.user && { user: context.user.name }), peer: security.peerOf(context) });
      security.saveHistory();
      if (!result.ok) fail(result);
      return {};
    },
  });
}
