// The one error type every device driver operation throws. `code` is stable (the engine branches on it,
// the UI translates it, tests assert it); `headline` says what happened in the technician's words,
// `whatToDo` what to do next, `guidelineRef` where the guideline explains it. The device's own end code
// and the command it answered are in `details`, for support, never in the headline: a technician acts on
// "wrong password", not on "C810". No message ever carries a password, a key or payload bytes.

import { AppError } from '../messages/app-error';

export type DeviceErrorCode =
  /** The device does not offer this through the app (a real controller: the engineering tool does it). */
  | 'not-supported'
  | 'not-logged-on'
  | 'no-authority'
  | 'wrong-credentials'
  | 'locked-out'
  | 'password-expired'
  | 'session-expired'
  | 'password-rule'
  | 'password-reused'
  | 'last-administrator'
  | 'administrator-password-self-only'
  | 'unknown-user'
  | 'unknown-group'
  | 'fixed-group'
  | 'invalid-setting'
  | 'logon-interrupted'
  | 'authentication-off'
  | 'limit-reached'
  | 'secret-needs-protected-link'
  | 'requires-stop'
  | 'certificate-key-mismatch'
  | 'backup-wrong-password'
  | 'backup-password-required'
  | 'backup-integrity-failed'
  | 'package-refused'
  | 'transfer-interrupted'
  | 'confirmation-mismatch'
  /** Any other end code: the headline comes from slmp/end-codes.ts. */
  | 'refused'
  | 'link-lost'
  | 'timeout'
  | 'cancelled'
  /** The device could not prove it knows the user's verifier (SCRAM server signature). */
  | 'device-proof-failed'
  /** The device answered something the protocol does not allow (bad JSON, wrong shape). */
  | 'malformed-response'
  /** The caller passed something the driver refuses before sending (e.g. a missing password). */
  | 'invalid-request';

export interface DeviceErrorDetails {
  /** 4 hex digits, e.g. "C810", when the device answered with an end code. */
  endCode?: string;
  /** The command and subcommand, e.g. "7E01/0002". */
  command?: string;
  /** Lockout: the minutes the device says to wait (C811-C815). */
  retryAfterMinutes?: number;
  /** malformed-response: the JSON paths that were wrong (never their values). */
  paths?: string[];
  /** The code of a lower-level error (link, frame, crypto), for support. */
  causeCode?: string;
}

/** The headline of each code is the catalogue's `errors.device.<code>`; `headline`/`whatToDo` keep the English specifics. */
export class DeviceOperationError extends AppError {
  declare readonly code: DeviceErrorCode;
  readonly headline: string;
  readonly whatToDo: string;
  readonly guidelineRef: string | undefined;
  readonly details: DeviceErrorDetails;

  constructor(
    code: DeviceErrorCode,
    text: { headline: string; whatToDo: string; guidelineRef?: string | undefined },
    details: DeviceErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super({
      code,
      messageId: `errors.device.${code}`,
      englishText: `${text.headline} ${text.whatToDo}`,
      nextStep: { id: 'errors.device.nextStep' },
      ...(text.guidelineRef ? { guidelineRefs: [text.guidelineRef] } : {}),
      ...(options?.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.headline = text.headline;
    this.whatToDo = text.whatToDo;
    this.guidelineRef = text.guidelineRef;
    this.details = details;
  }
}

export function isDeviceOperationError(error: unknown, code?: DeviceErrorCode): error is DeviceOperationError {
  return error instanceof DeviceOperationError && (code === undefined || error.code === code);
}

/** The fixed text of the observe-only fallback (a real controller answers C059 to the security commands). */
export const NOT_SUPPORTED_TEXT = {
  headline: 'This controller does not accept this security operation from the app:',
  whatToDo: 'set this in the engineering tool; the app verifies what it can observe.',
} as const;
