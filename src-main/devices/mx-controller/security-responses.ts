// The shapes of the virtual devices' answers to the security commands (docs/protocol.md, 7E00-7E0A),
// checked with zod before the driver uses a single field: a device (or anything pretending to be one)
// that answers something else gets a typed 'malformed-response' error, never a crash deeper in the app.
// Objects are not strict: a newer device may add fields, which an older app ignores.
import { z } from 'zod';

const iso = z.string().min(1);
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const CapabilitiesResponse = z.object({
  protocolVersion: z.number().int(),
  model: z.string(),
  family: z.enum(['MX-R', 'MX-F']),
  firmwareVersion: z.string(),
  serialNumber: z.string(),
  functions: z.array(z.string()),
  tlsVersions: z.array(z.string()),
});

export const Empty = z.object({});

export const LogonBeginResponse = z.object({
  logonId: z.union([z.string().min(1), z.number()]),
  saltB64: b64.min(1),
  kdf: z.object({ N: z.number().int().positive(), r: z.number().int().positive(), p: z.number().int().positive() }),
  combinedNonceB64: z.string().min(1),
});

export const LogonCompleteResponse = z.object({
  serverSignatureB64: b64.min(1),
  logonMessage: z.string(),
  mustChangePassword: z.boolean(),
  group: z.string(),
  sessionTimeoutMinutes: z.number(),
});

const Rejected = z.array(z.object({ path: z.string(), message: z.string() }));
export const RejectionsResponse = z.object({ rejected: Rejected.default([]) });

export const UsersResponse = z.object({
  enabled: z.boolean(),
  groups: z.array(z.object({ name: z.string(), kind: z.enum(['administrators', 'users', 'user-defined']), authorities: z.array(z.string()) })),
  users: z.array(
    z.object({
      name: z.string(),
      group: z.string(),
      locked: z.boolean(),
      lockedUntil: iso.nullish(),
      passwordExpiresAt: iso.nullish(),
    }),
  ),
});

// Blocks are the profile's settings; their inner shapes are the device's to check (it rejects a bad block
// on write), so a reading only needs to be an object of objects.
const Blocks = z.record(z.string(), z.unknown());
export const ParametersResponse = z.object({ written: Blocks, inEffect: Blocks, pendingRestart: z.boolean() });

export const ClockResponse = z.object({ deviceTime: iso });
export const ClockSetResponse = z.object({ previousTime: iso.optional() });

export const EventsResponse = z.object({
  records: z.array(
    z.object({
      seq: z.number().int(),
      at: iso,
      // The virtual devices send the 4 hex digits the technician sees ("1002"); a number is accepted too.
      code: z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^[0-9A-Fa-f]{1,4}$/).transform((h) => Number.parseInt(h, 16))]),
      name: z.string(),
      user: z.string().nullish(),
      peer: z.string().nullish(),
      transport: z.string().nullish(),
      detail: z.string().nullish(),
    }),
  ),
  total: z.number().int().nonnegative(),
});

export const VerifyEventsResponse = z.object({ ok: z.boolean(), firstBadIndex: z.number().int().nullish(), reason: z.string().nullish() });

export const CertificateResponse = z.union([
  z.object({ certificatePem: z.null() }),
  z.object({
    certificatePem: z.string().min(1),
    fingerprint256: z.string().min(1),
    notBefore: iso,
    notAfter: iso,
    status: z.enum(['valid', 'expiring-soon', 'expired', 'not-yet-valid']),
  }),
]);
export const CertificateWriteResponse = z.object({ fingerprint256: z.string().min(1) });

export const BackupCreateResponse = z.object({
  backupId: z.union([z.string().min(1), z.number()]),
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().nullish(),
});
export const BackupChunkResponse = z.object({ dataB64: b64, eof: z.boolean() });
export const RestoreBeginResponse = z.object({ restoreId: z.union([z.string().min(1), z.number()]) });
export const RestoreCommitResponse = z.object({ restored: z.array(z.string()) });
export const BackupListResponse = z.object({ backups: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), createdAt: iso })) });

export const FirmwareBeginResponse = z.object({ uploadId: z.union([z.string().min(1), z.number()]) });
export const FirmwareCommitResponse = z.object({ kind: z.string(), version: z.string() });
export const VersionsResponse = z.object({ firmwareVersion: z.string(), addOns: z.array(z.object({ name: z.string(), version: z.string() })) });

export const DiagnosticsResponse = z.object({
  errors: z.array(z.object({ code: z.union([z.string(), z.number()]).transform(String), message: z.string(), at: iso })),
  flags: z.object({
    certificateExpiringSoon: z.boolean(),
    certificateExpired: z.boolean(),
    pendingRestart: z.boolean(),
    bandwidthLimited: z.boolean(),
  }),
  // The spec names the value; a device may also send the block's shape ({onError}).
  operationSetting: z.union([z.enum(['stop', 'continue']), z.object({ onError: z.enum(['stop', 'continue']) }).transform((o) => o.onError)]),
  // The services the device has open with their actual ports (docs/protocol.md 7E0A); bounded like every list.
  services: z
    .array(z.object({ service: z.string().max(64), transport: z.enum(['tcp', 'udp']), port: z.number().int().min(1).max(65535), networkPort: z.enum(['port1', 'port2', 'port3']).optional() }))
    .max(64)
    .optional(),
});
