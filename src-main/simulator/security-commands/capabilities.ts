// 7E00 Capabilities: what this device is and which security function groups it serves. Needs no logon,
// so the app can tell which device it reached (docs/protocol.md). The function list is computed from
// the commands registered at the time of the request, so it names exactly the installed groups.

import { SECURITY_PROTOCOL_VERSION, SecurityCommand, SecurityOperation, type SecurityCapabilities } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { registerJsonCommand } from './json-command';
import { tlsVersionsOf } from './parameter-blocks';

export function installCapabilitiesCommand(security: ControllerSecurity): void {
  const { controller } = security;
  registerJsonCommand(controller, SecurityCommand.Capabilities, {
    [SecurityOperation.Capabilities.Read]: () => {
      const registered = new Set(controller.commands.commands());
      const functions = (Object.keys(SecurityCommand) as Array<keyof typeof SecurityCommand>).filter((k) => registered.has(SecurityCommand[k]));
      const answer: SecurityCapabilities = {
        protocolVersion: SECURITY_PROTOCOL_VERSION,
        model: controller.model.name,
        family: controller.model.family,
        firmwareVersion: security.firmwareVersion,
        serialNumber: security.serialNumber,
        functions,
        tlsVersions: tlsVersionsOf(controller.model.family),
      };
      return { ...answer };
    },
  });
}
