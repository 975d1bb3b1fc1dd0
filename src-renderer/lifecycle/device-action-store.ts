// One store shape for every single-request screen of a known device (renewal, disposal, firmware,
// restoration): the device chosen on the home list, busy, main's refusal or main's answer. The store only
// remembers; main decides and runs everything.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { IpcError, KnownDevice, RequestOf, ResponseOf } from '../../src-main/ipc/contract';
import { bridge } from '../bridge/current-bridge';

type DeviceChannel = 'renewal:run' | 'disposal:run' | 'firmware:run' | 'restoration:run';

export interface DeviceActionState<C extends DeviceChannel> {
  device: KnownDevice | undefined;
  busy: boolean;
  error: IpcError | undefined;
  result: ResponseOf<C> | undefined;
  open(device: KnownDevice): void;
  run(request: Omit<RequestOf<C>, 'deviceId'>): Promise<void>;
}

export function deviceActionStore<C extends DeviceChannel>(channel: C): UseBoundStore<StoreApi<DeviceActionState<C>>> {
  return create<DeviceActionState<C>>()((set, get) => ({
    device: undefined,
    busy: false,
    error: undefined,
    result: undefined,
    open(device) {
      set({ device, busy: false, error: undefined, result: undefined });
    },
    async run(request) {
      const device = get().device;
      if (!device || get().busy) return;
      set({ busy: true, error: undefined });
      const r = await bridge().invoke(channel, { deviceId: device.deviceId, ...request } as RequestOf<C>);
      set(r.ok ? { busy: false, result: r.value } : { busy: false, error: r.error });
    },
  }));
}
