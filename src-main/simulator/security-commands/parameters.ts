// 7E03 Parameters: the security parameter blocks, written now and in effect from the next restart
// (remote RESET or process restart). An invalid block rejects the whole write; nothing is stored.

import { SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { registerJsonCommand } from './json-command';
import { applyEnhancedSecurity, checkBlock, type Blocks, type Rejection } from './parameter-blocks';

export function installParameterCommands(security: ControllerSecurity): void {
  const family = security.controller.model.family;
  registerJsonCommand(security.controller, SecurityCommand.Parameters, {
    [SecurityOperation.Parameters.Read]: () => ({
      written: security.writtenBlocks(),
      inEffect: security.activeBlocks(),
      pendingRestart: security.pendingRestart(),
    }),
    [SecurityOperation.Parameters.Write]: (body, context) => {
      const blocks = body.blocks;
      if (blocks === null || typeof blocks !== 'object' || Array.isArray(blocks)) {
        return { rejected: [{ path: 'blocks', message: 'must be an object of parameter blocks by name.' }] };
      }
      const rejected: Rejection[] = Object.entries(blocks).flatMap(([name, value]) => checkBlock(name, value, family));
      if (rejected.length > 0) return { rejected };
      const merged: Blocks = applyEnhancedSecurity({ ...security.writtenBlocks(), ...(blocks as Blocks) }, family);
      security.writeBlocks(merged);
      security.record({
        name: 'parameter-write',
        peer: security.peerOf(context),
        ...(context.user && { user: context.user.name }),
        detail: `${Object.keys(blocks).join(', ') || 'no blocks'} written; in effect after the next restart`,
      });
      return { rejected: [] };
    },
  });
}
