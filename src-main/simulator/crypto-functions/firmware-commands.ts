// 7E08 Firmware update and add-on install (guideline 2.4.2, 2.4.3; docs/protocol.md): a package is
// uploaded in chunks, then verified (crypto/firmware-package.ts: trusted vendor key, signature, this
// controller's model, image digest) and installed. Administrator and a stopped CPU are required (2.4.2.1).
// A package for another model, a modified package or a wrong signature is refused with CF25 and the version
// stays as it was (Table 17 row 2); success and failure are recorded.

import type { KeyObject } from 'node:crypto';
import { verifyFirmwarePackage } from '../../crypto/firmware-package';
import { isCryptoError } from '../../crypto/crypto-error';
import { PRACTICE_VENDOR_PUBLIC_KEY_PEM } from '../../crypto/practice-vendor-key';
import { SecurityCommand, SecurityEndCode, SecurityOperation } from '../../slmp/security-commands';
import type { ConnectionContext } from '../connection-context';
import { END, EndCodeError } from '../end-code-error';
import type { SecurityContext } from '../security-context';
import type { EventDraft } from '../security/event-history';
import { Operation } from '../security/operations';
import { exclusiveFunctionsOf } from './exclusive-functions';
import { publishFirmwareVersion, readFirmwareState, writeFirmwareState } from './firmware-state';
import { chunkData, readBody, reply, requiredInteger, unknownSubcommand } from './request-body';
import { newTransferId, TransferTable, UploadBuffer, type Transfer } from './transfer-table';

// Project choice: a package may be at most 32 MiB (the practice images are small; the bound keeps an
// upload from exhausting the process).
export const MAX_PACKAGE_BYTES = 32 * 1024 * 1024;

export interface FirmwareCommandsOptions {
  /** Trusted vendor public keys (default: the practice vendor key only — never a real device's trust). */
  vendorPublicKeys?: Array<KeyObject | string>;
}

interface PendingUpload extends Transfer {
  readonly upload: UploadBuffer;
  readonly release: () => void;
}

export function installFirmwareCommands(security: SecurityContext, options: FirmwareCommandsOptions = {}): () => void {
  const { controller } = security;
  const vendorPublicKeys = options.vendorPublicKeys ?? [PRACTICE_VENDOR_PUBLIC_KEY_PEM];
  const lock = exclusiveFunctionsOf(controller);
  const uploads = new TransferTable<PendingUpload>((u) => u.release());
  let installed = true;
  publishFirmwareVersion(security, readFirmwareState(security).firmwareVersion);

  const who = (context: ConnectionContext, user: string | undefined): Pick<EventDraft, 'user' | 'peer'> => ({
    ...(user !== undefined && { user }),
    peer: security.peerOf(context),
  });

  const commit = async (body: Record<string, unknown>, context: ConnectionContext) => {
    const user = security.authorize(context, Operation.FirmwareUpdate);
    security.requireStop('firmware update');
    const pending = uploads.get(body['uploadId'], context);
    const pkg = pending.upload.complete();
    const before = readFirmwareState(security);
    let verified;
    try {
      verified = await verifyFirmwarePackage(pkg, { vendorPublicKeys, model: controller.model.name });
    } catch (e) {
      uploads.drop(pending.id);
      if (!isCryptoError(e)) throw e;
      // The package messages name models, versions and key ids only.
      security.record({ name: 'firmware-update-failure', ...who(context, user), detail: `Package refused (${e.code}): ${e.message} Firmware stays ${before.firmwareVersion}.` });
      throw new EndCodeError(SecurityEndCode.packageRefused, e.message);
    }
    try {
      if (verified.kind === 'add-on') {
        security.authorize(context, Operation.AddOnInstall);
        const name = verified.name ?? 'add-on';
        const previous = before.addOns.find((a) => a.name === name);
        const addOns = [...before.addOns.filter((a) => a.name !== name), { name, version: verified.version }].sort((a, b) => a.name.localeCompare(b.name));
        writeFirmwareState(security, { ...before, addOns });
        security.record({
          name: 'addon-install-success',
          ...who(context, user),
          detail: `Add-on ${name} ${previous ? `${previous.version} -> ` : ''}${verified.version} (package SHA-256 ${verified.payloadSha256.slice(0, 16)}…)`,
        });
      } else {
        writeFirmwareState(security, { ...before, firmwareVersion: verified.version });
        security.record({
          name: 'firmware-update-success',
          ...who(context, user),
          detail: `Firmware ${before.firmwareVersion} -> ${verified.version} (package SHA-256 ${verified.payloadSha256.slice(0, 16)}…). Check the version (2.4.2.1).`,
        });
      }
    } finally {
      uploads.drop(pending.id);
    }
    return reply({ kind: verified.kind, version: verified.version });
  };

  const offCommand = controller.commands.register(SecurityCommand.Firmware, (request, context) => {
    const body = readBody(request);
    switch (request.subcommand) {
      case SecurityOperation.Firmware.Begin: {
        const user = security.authorize(context, Operation.FirmwareUpdate);
        security.requireStop('firmware update');
        const size = requiredInteger(body, 'size', 1, MAX_PACKAGE_BYTES);
        // A new begin replaces this connection's unfinished upload.
        uploads.dropConnection(context.id);
        const release = lock.tryAcquire('firmware update');
        if (!release) {
          security.record({ name: 'firmware-update-failure', ...who(context, user), detail: `Update refused: the ${lock.busyWith} is running.` });
          throw new EndCodeError(END.notExecutable, `The firmware update cannot start while the ${lock.busyWith ?? 'another function'} is running`);
        }
        const uploadId = newTransferId();
        uploads.add({ id: uploadId, connectionId: context.id, lastActivity: Date.now(), upload: new UploadBuffer(size), release });
        return reply({ uploadId });
      }
      case SecurityOperation.Firmware.Chunk: {
        security.authorize(context, Operation.FirmwareUpdate);
        const pending = uploads.get(body['uploadId'], context);
        pending.upload.append(requiredInteger(body, 'offset', 0, MAX_PACKAGE_BYTES), chunkData(body));
        return reply({});
      }
      case SecurityOperation.Firmware.Commit:
        return commit(body, context);
      case SecurityOperation.Firmware.ReadVersion: {
        // Project choice: reading versions is diagnosis, as the engineering tool's module diagnostics show them.
        security.authorize(context, Operation.DiagnosisRead);
        const state = readFirmwareState(security);
        return reply({ firmwareVersion: state.firmwareVersion, addOns: state.addOns });
      }
      default:
        return unknownSubcommand(request);
    }
  });

  const offEvents = controller.onEvent((event) => {
    if (event.type === 'disconnected') uploads.dropConnection(event.context.id);
  });

  // Initialization keeps the firmware (it clears data and settings); an upload in progress is abandoned.
  security.onInitializeAll(() => {
    if (installed) uploads.clear();
  });

  return () => {
    installed = false;
    offCommand();
    offEvents();
    uploads.clear();
  };
}
