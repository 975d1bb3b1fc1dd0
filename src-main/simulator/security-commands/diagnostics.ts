// 7E0A Diagnostics (2.4.11): the self-diagnostic errors, the flags other functions raise, and the
// operation setting in effect (stop or continue on an error, Table 14). Clearing the errors is the
// same act as the standard Error Clear (1617), and is recorded the same way.

import { SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { registerJsonCommand } from './json-command';

export function installDiagnosticsCommands(security: ControllerSecurity): void {
  registerJsonCommand(security.controller, SecurityCommand.Diagnostics, {
    [SecurityOperation.Diagnostics.Read]: () => ({
      errors: security.errors().map((e) => ({ code: e.code.toString(16).toUpperCase().padStart(4, '0'), message: e.message, at: e.at })),
      flags: security.flags(),
      operationSetting: security.operationSetting(),
    }),
    [SecurityOperation.Diagnostics.Clear]: (_body, context) => {
      security.clearErrors({ ...(context.user && { user: context.user.name }), peer: security.peerOf(context) });
      return {};
    },
  });
}
