// 7E04 Clock (2.4.7.3, Table 9 row 12): the device clock is the PC clock plus a stored offset; every
// event and every certificate check uses it. Setting it is an Administrator's act and is recorded.

import { SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { END, EndCodeError } from '../end-code-error';
import { registerJsonCommand, str } from './json-command';

// Project choice: the device clock accepts 2000-01-01 to 2099-12-31 (a MELSEC CPU's clock range).
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1) - 1;

export function installClockCommands(security: ControllerSecurity): void {
  registerJsonCommand(security.controller, SecurityCommand.Clock, {
    [SecurityOperation.Clock.Read]: () => ({ deviceTime: security.now().toISOString() }),
    [SecurityOperation.Clock.Write]: (body, context) => {
      const text = str(body, 'time', 40);
      const time = new Date(text);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(time.getTime()) || time.getTime() < EARLIEST || time.getTime() > LATEST) {
        throw new EndCodeError(END.badData, 'The time must be an ISO 8601 date-time between 2000 and 2099');
      }
      const previous = security.setClock(time);
      // Project choice: the session timer runs on the device clock, so setting it forward by more than
      // the timeout logs idle users off — but not the Administrator who set it.
      const sid = security.sessionId(context);
      if (sid !== null) security.auth.touch(sid);
      security.record({
        name: 'clock-change',
        peer: security.peerOf(context),
        ...(context.user && { user: context.user.name }),
        detail: `from ${previous.toISOString()} to ${time.toISOString()}`,
      });
      return { previousTime: previous.toISOString() };
    },
  });
}
