// The standard SLMP commands a real MX controller answers (facts/slmp-and-devices.md), registered
// like any other command module. Remote password unlock/lock (1630/1631) are deliberately absent:
// the MX models have no remote password (user authentication replaces it), so they answer C059 like
// every command nobody registered.

import {
  Command,
  Subcommand,
  decodeDeviceRead,
  decodeDeviceWrite,
  decodeEmpty,
  decodeRemoteLatchClear,
  decodeRemotePause,
  decodeRemoteReset,
  decodeRemoteRun,
  decodeRemoteStop,
  decodeSelfTest,
  encodeBitsResponse,
  encodeSelfTestData,
  encodeTypeNameResponse,
  encodeWordsResponse,
} from '../slmp/commands';
import type { SlmpRequest } from '../slmp/frame';
import { END, EndCodeError } from './end-code-error';
import type { CommandRegistry } from './command-registry';
import type { DeviceMemory } from './device-memory';
import type { CpuState } from './cpu-state';
import type { ControllerModel } from './controller-models';

/** The parts of the controller the standard commands act on (the controller installs them at construction). */
export interface StandardCommandTarget {
  readonly commands: CommandRegistry;
  readonly memory: DeviceMemory;
  readonly cpu: CpuState;
  readonly model: ControllerModel;
  restart(): Promise<void>;
}

function expectSubcommand(request: SlmpRequest, subcommand: number): void {
  if (request.subcommand !== subcommand) {
    throw new EndCodeError(
      END.notSupported,
      `Subcommand ${request.subcommand.toString(16).padStart(4, '0')} of command ${request.command.toString(16).padStart(4, '0')} is not supported`,
    );
  }
}

export function installStandardCommands(controller: StandardCommandTarget): void {
  const { commands, memory, cpu, model } = controller;

  commands.register(Command.ReadTypeName, (req) => {
    expectSubcommand(req, Subcommand.None);
    decodeEmpty(req.data, 'Read type name');
    return { data: encodeTypeNameResponse(model.name, model.typeCode) };
  });

  commands.register(Command.SelfTest, (req) => {
    expectSubcommand(req, Subcommand.None);
    return { data: encodeSelfTestData(decodeSelfTest(req.data)) };
  });

  commands.register(Command.RemoteRun, (req) => {
    expectSubcommand(req, Subcommand.None);
    const { clear } = decodeRemoteRun(req.data);
    // Clear mode 1 clears devices outside the latch range, 2 clears every device (SLMP reference).
    if (clear >= 1) memory.clearVolatile();
    if (clear === 2) memory.clearLatched();
    cpu.set('RUN');
    return {};
  });

  commands.register(Command.RemoteStop, (req) => {
    expectSubcommand(req, Subcommand.None);
    decodeRemoteStop(req.data);
    cpu.set('STOP');
    return {};
  });

  commands.register(Command.RemotePause, (req) => {
    expectSubcommand(req, Subcommand.None);
    decodeRemotePause(req.data);
    // PAUSE holds a running program; a stopped CPU stays stopped.
    if (cpu.operatingState === 'RUN') cpu.set('PAUSE');
    return {};
  });

  commands.register(Command.RemoteLatchClear, (req) => {
    expectSubcommand(req, Subcommand.None);
    decodeRemoteLatchClear(req.data);
    if (cpu.operatingState !== 'STOP') {
      throw new EndCodeError(END.cpuNotStopped, 'Remote latch clear needs the CPU in STOP');
    }
    memory.clearLatched();
    return {};
  });

  commands.register(Command.RemoteReset, (req) => {
    expectSubcommand(req, Subcommand.None);
    decodeRemoteReset(req.data);
    // A real CPU resets instead of answering: the connection drops and the client sees no response.
    return { noResponse: true, after: () => controller.restart() };
  });

  commands.register(Command.ErrorClear, (req) => {
    expectSubcommand(req, Subcommand.None);
    decodeEmpty(req.data, 'Error clear');
    cpu.clearError();
    return {};
  });

  commands.register(Command.DeviceRead, (req) => {
    const { device, head, points, unit } = decodeDeviceRead(req.subcommand, req.data);
    if (unit === 'word') return { data: encodeWordsResponse(memory.readWords(device, head, points)) };
    return { data: encodeBitsResponse(memory.readBits(device, head, points) as (0 | 1)[]) };
  });

  commands.register(Command.DeviceWrite, (req) => {
    const { device, head, unit, values } = decodeDeviceWrite(req.subcommand, req.data);
    if (unit === 'word') memory.writeWords(device, head, values);
    else memory.writeBits(device, head, values);
    // SD203/SD0/SM0 are the CPU's own: whatever a client writes there, they keep showing the CPU state.
    if (device === 'SD' || device === 'SM') cpu.sync();
    return {};
  });
}
