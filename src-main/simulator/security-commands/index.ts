// Installs the access-control security of a virtual MX controller with all its command groups.
import type { VirtualController } from '../virtual-controller';
import { installControllerSecurity, type ControllerSecurity, type ControllerSecurityOptions } from '../controller-security';
import { installCapabilitiesCommand } from './capabilities';
import { installSessionCommands } from './session';
import { installUsersCommands } from './users';
import { installParameterCommands } from './parameters';
import { installClockCommands } from './clock';
import { installEventHistoryCommands } from './event-history';
import { installInitializeCommand } from './initialize';
import { installDiagnosticsCommands } from './diagnostics';

export function installAccessControl(controller: VirtualController, options: ControllerSecurityOptions = {}): ControllerSecurity {
  const security = installControllerSecurity(controller, options);
  installCapabilitiesCommand(security);
  installSessionCommands(security);
  installUsersCommands(security);
  installParameterCommands(security);
  installClockCommands(security);
  installEventHistoryCommands(security);
  installInitializeCommand(security);
  installDiagnosticsCommands(security);
  return security;
}
