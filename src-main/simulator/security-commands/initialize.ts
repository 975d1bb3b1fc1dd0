// 7E09 Initialization of all information (2.4.1, 2.6, Table 17 row 1): the device forgets everything it
// was told — device memory, parameters, users (authentication back off), event history, certificates and
// whatever the other modules registered — except the SD card, then restarts.

import { SecurityCommand, SecurityEndCode, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { EndCodeError } from '../end-code-error';
import { registerJsonCommand, ReplyThen, str } from './json-command';

export function installInitializeCommand(security: ControllerSecurity): void {
  const { controller } = security;
  registerJsonCommand(controller, SecurityCommand.Initialize, {
    [SecurityOperation.Initialize.All]: async (body, context) => {
      const confirmModel = str(body, 'confirmModel', 40);
      if (confirmModel.trim().toUpperCase() !== controller.model.name.toUpperCase()) {
        throw new EndCodeError(
          SecurityEndCode.wrongConfirmation,
          `This device is a ${controller.model.name}; name it exactly to confirm the initialization of all information`,
        );
      }
      await security.initializeAll({ ...(context.user && { user: context.user.name }), peer: security.peerOf(context) });
      // Answer first, then restart as after a power cycle: every connection drops.
      return new ReplyThen({}, () => controller.restart());
    },
  });
}
