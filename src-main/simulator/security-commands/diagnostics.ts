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
      // The services open right now with their real port numbers (the virtual device binds port 0), as the
      // engineering tool's network diagnosis shows them; the virtual USB cable is not a network service.
      services: security.controller.listeners
        .list()
        .flatMap((l) => (l.transport === 'tcp' || l.transport === 'udp' ? [{ service: l.service, transport: l.transport, port: l.port, ...(l.networkPort ? { networkPort: l.networkPort } : {}) }] : [])),
    }),
    [SecurityOperation.Diagnostics.Clear]: (_body, context) => {
      security.clearErrors({ ...(context.user && { user: context.user.name }), peer: security.peerOf(context) });
      return {};
    },
  });
}
