// The one place where a request from the UI meets the main-process service. Both hosts (Electron IPC
// and the browser host's WebSocket) hand every message here, so the checks live once: the channel must
// be in the contract, the payload must pass the channel's schema before any handler runs, and whatever a
// handler throws leaves as an IpcError value: never a stack trace, never a crash of the host.
import type { z } from 'zod';
import { channels, type Channel, type IpcError, type IpcResult, type ResponseOf } from './contract';
import type { MainService } from './main-service';
import { toIpcError } from './ipc-error-mapping';

type ParsedRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;
type Handlers = { [C in Channel]: (service: MainService, payload: ParsedRequest<C>) => Promise<ResponseOf<C>> };

const handlers: Handlers = {
  'app:info': (service) => service.appInfo(),
  'usb:list': (service) => service.listUsbDevices(),
  'devices:known': (service) => service.knownDevices(),
  'connection:open': (service, request) => service.connect(request),
  'connection:current': (service) => service.currentConnection(),
  'connection:identity': (service) => service.readIdentity(),
  'connection:close': async (service) => {
    await service.disconnect();
    return { closed: true } as const;
  },
  'wizard:sessions': (service) => service.wizard.sessions(),
  'wizard:start': (service, request) => service.wizard.start(request),
  'wizard:resume': (service, request) => service.wizard.resume(request),
  'wizard:state': (service) => service.wizard.state(),
  'wizard:select-step': (service, request) => service.wizard.selectStep(request),
  'wizard:update-settings': (service, request) => service.wizard.updateSettings(request),
  'wizard:keep-settings': (service, request) => service.wizard.keepSettings(request),
  'wizard:measure-bandwidth': (service) => service.wizard.measureBandwidth(),
  'wizard:attest': (service, request) => service.wizard.attest(request),
  'wizard:password-check': (service, request) => service.wizard.checkPassword(request),
  'wizard:set-password': (service, request) => service.wizard.setPassword(request),
  'wizard:run-step': (service, request) => service.wizard.runStep(request),
  'wizard:answer': (service, request) => service.wizard.answer(request),
  'wizard:cancel': (service) => service.wizard.cancel(),
  'wizard:export': (service, request) => service.wizard.export(request),
  'visit:plan': (service, request) => service.lifecycle.visitPlan(request),
  'visit:run': (service, request) => service.lifecycle.runVisit(request),
  'visit:export': (service, request) => service.lifecycle.exportVisit(request),
  'renewal:run': (service, request) => service.lifecycle.renewCertificate(request),
  'disposal:run': (service, request) => service.lifecycle.dispose(request),
  'disposal:export': (service, request) => service.lifecycle.exportDisposal(request),
  'adapter:observe': (service, request) => service.lifecycle.observeRealAdapter(request),
  'firmware:run': (service, request) => service.care.updateFirmware(request),
  'users:open': (service, request) => service.care.openUsers(request),
  'users:add': (service, request) => service.care.addUser(request),
  'users:remove': (service, request) => service.care.removeUser(request),
  'users:unlock': (service, request) => service.care.unlockUser(request),
  'users:own-password': (service, request) => service.care.changeOwnPassword(request),
  'users:close': async (service) => {
    await service.care.closeUsers();
    return { closed: true } as const;
  },
  'restoration:run': (service, request) => service.care.restore(request),
  'wizard:close': async (service) => {
    await service.wizard.close();
    return { closed: true } as const;
  },
};

export interface Dispatcher {
  dispatch(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
}

function isChannel(channel: unknown): channel is Channel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(channels, channel);
}

function invalidPayload(channel: Channel, issues: readonly z.core.$ZodIssue[]): IpcError {
  // Paths and codes only: the rejected values themselves might be a password typed in the wrong field.
  const details = issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(payload)'}: ${issue.code}`)
    .join('; ');
  return { code: 'invalid-payload', message: `The request to "${channel}" was not in the expected form.`, details };
}

export function createDispatcher(service: MainService): Dispatcher {
  return {
    async dispatch(channel, payload) {
      if (!isChannel(channel)) {
        const shown = typeof channel === 'string' ? channel.slice(0, 64) : typeof channel;
        return { ok: false, error: { code: 'unknown-channel', message: `There is no channel "${shown}".` } };
      }
      const parsed = channels[channel].request.safeParse(payload);
      if (!parsed.success) return { ok: false, error: invalidPayload(channel, parsed.error.issues) };
      try {
        const handler = handlers[channel] as (service: MainService, payload: unknown) => Promise<unknown>;
        const value = await handler(service, parsed.data);
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error: toIpcError(error, channel) };
      }
    },
  };
}
