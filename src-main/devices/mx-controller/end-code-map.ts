// THE table from the end codes of an MX controller (the real C810-C816 and C059, the project's own CF10-CF27
// of the virtual devices' security commands, docs/protocol.md) to the driver's typed errors. Everything a
// technician reads about a refusal by the device comes from here; nothing else in devices/ maps end codes.
//
// C816 means both "not logged on" and "no authority" (device-choices.ts uses it for every authority
// refusal): the driver knows whether it holds a logon on this connection and tells the two apart.
import { SecurityEndCode } from '../../slmp/security-commands';
import { describeEndCode, formatEndCode } from '../../slmp/end-codes';
import { DeviceOperationError, NOT_SUPPORTED_TEXT, type DeviceErrorCode } from '../device-error';

interface Entry {
  code: DeviceErrorCode;
  headline: string;
  whatToDo: string;
  guidelineRef?: string;
}

const NOT_SUPPORTED = 0xc059;
const C816 = 0xc816;

/** C811-C815: locked out, retry after 1/5/15/60/60 minutes (public SLMP facts, guideline 2.4.4.3). */
const LOCKOUT_MINUTES: Readonly<Record<number, number>> = { 0xc811: 1, 0xc812: 5, 0xc813: 15, 0xc814: 60, 0xc815: 60 };

export const END_CODE_TABLE: Readonly<Record<number, Entry>> = {
  [NOT_SUPPORTED]: { code: 'not-supported', ...NOT_SUPPORTED_TEXT, guidelineRef: '2.4' },
  0xc810: {
    code: 'wrong-credentials',
    headline: 'The user name or password is wrong.',
    whatToDo: 'Enter them again (check Caps Lock and the keyboard layout). Repeated failures lock the user out.',
    guidelineRef: '2.4.4.3',
  },
  0xcf10: {
    code: 'password-expired',
    headline: "The user's password has expired.",
    whatToDo: 'Change the password now (or ask an Administrator to reset its expiry), then log on again.',
    guidelineRef: '2.4.4.2',
  },
  0xcf11: {
    code: 'session-expired',
    headline: 'The logon ended: the device logged the user off after the session timeout.',
    whatToDo: 'Log on again.',
    guidelineRef: '2.4.4.2',
  },
  0xcf12: {
    code: 'password-rule',
    headline: "The new password does not meet the device's password rule (length and kinds of characters).",
    whatToDo: 'Choose a longer password mixing upper case, lower case, digits and symbols, without the user name.',
    guidelineRef: '2.4.4.2',
  },
  0xcf13: {
    code: 'password-reused',
    headline: 'The new password was used before by this user.',
    whatToDo: 'Choose a password this user has not used recently.',
    guidelineRef: '2.4.4.2',
  },
  0xcf14: {
    code: 'last-administrator',
    headline: 'The change would leave the device without an Administrator.',
    whatToDo: 'Keep at least one user in the Administrators group (create the new Administrator first).',
    guidelineRef: '2.4.4.1',
  },
  0xcf15: {
    code: 'administrator-password-self-only',
    headline: "An Administrator's password can only be reset by that Administrator.",
    whatToDo: 'Log on as that Administrator to change it, or initialize the device if the password is lost.',
    guidelineRef: '2.4.4.3',
  },
  0xcf16: { code: 'unknown-user', headline: 'The device has no user of that name.', whatToDo: 'Read the user list and check the name.', guidelineRef: '2.4.4' },
  0xcf17: { code: 'unknown-group', headline: 'The device has no group of that name.', whatToDo: 'Create the group first, or pick an existing one.', guidelineRef: '2.4.4.1' },
  0xcf18: {
    code: 'fixed-group',
    headline: 'The built-in groups (Administrators, Users) cannot be changed.',
    whatToDo: 'Create a user-defined group for other authorities.',
    guidelineRef: '2.4.4.1',
  },
  0xcf19: { code: 'invalid-setting', headline: 'The device refused a setting as invalid.', whatToDo: 'Check the values against the profile and write again.' },
  0xcf1a: {
    code: 'logon-interrupted',
    headline: 'The logon took too long and the device forgot it.',
    whatToDo: 'Log on again.',
    guidelineRef: '2.4.4',
  },
  0xcf1b: {
    code: 'authentication-off',
    headline: 'User authentication is not turned on in this device, so there is nothing to log on to.',
    whatToDo: 'Write the user information first: that turns user authentication on.',
    guidelineRef: '2.4.4',
  },
  0xcf1c: { code: 'limit-reached', headline: 'The device has reached its limit (users, groups or sessions).', whatToDo: 'Remove unused entries or log other sessions off, then retry.' },
  [SecurityEndCode.requiresStop]: {
    code: 'requires-stop',
    headline: 'The CPU must be in STOP for this operation.',
    whatToDo: 'Stop the CPU (remote STOP or the switch) once the machine is in a safe state, then retry.',
    guidelineRef: '2.4.6',
  },
  [SecurityEndCode.secretOnPlainLink]: {
    code: 'secret-needs-protected-link',
    headline: 'The device refused a password or private key sent over plain Ethernet.',
    whatToDo: 'Connect over USB or TLS, or confirm that this computer is inside the trust boundary (procedure B) and retry.',
    guidelineRef: '2.4.7.1',
  },
  [SecurityEndCode.certificateKeyMismatch]: {
    code: 'certificate-key-mismatch',
    headline: 'The certificate and the private key do not belong together, or the certificate cannot be read.',
    whatToDo: 'Select the certificate and the key that were created together.',
    guidelineRef: '2.4.7.2',
  },
  [SecurityEndCode.backupWrongPassword]: {
    code: 'backup-wrong-password',
    headline: 'The backup password is wrong; nothing was restored.',
    whatToDo: 'Enter the password set when the backup was made. A forgotten password cannot be recovered.',
    guidelineRef: '2.4.6.1',
  },
  [SecurityEndCode.backupPasswordRequired]: {
    code: 'backup-password-required',
    headline: 'This controller encrypts its backups (backup encryption is on): a backup needs a password.',
    whatToDo: 'Give the backup password (with mxc: --encrypt and "backupPassword" in the secrets file). Nothing was backed up.',
    guidelineRef: '2.4.6.1',
  },
  [SecurityEndCode.backupIntegrityFailed]: {
    code: 'backup-integrity-failed',
    headline: 'The backup file was modified or damaged; nothing was restored.',
    whatToDo: 'Do not use this backup; restore another one.',
    guidelineRef: '2.4.6.2',
  },
  [SecurityEndCode.packageRefused]: {
    code: 'package-refused',
    headline: 'The device refused the package: its signature, vendor key or target model is wrong. The firmware is unchanged.',
    whatToDo: "Use the package for this model from the vendor's site, checked as the vendor describes.",
    guidelineRef: '2.4.2',
  },
  [SecurityEndCode.unknownTransfer]: {
    code: 'transfer-interrupted',
    headline: 'The device lost track of the transfer (it restarted, or a part arrived out of order). Nothing was changed.',
    whatToDo: 'Start the transfer again.',
  },
  [SecurityEndCode.wrongConfirmation]: {
    code: 'confirmation-mismatch',
    headline: "The model named for confirmation is not this device's; nothing was initialized.",
    whatToDo: 'Check which device you are connected to and type its model name.',
    guidelineRef: '2.6',
  },
};

/**
 * The typed error for an end code. `loggedOn` says whether the driver holds a logon on this connection
 * (to tell C816 "not logged on" from C816 "no authority").
 */
export function errorForEndCode(endCode: number, context: { command: number; subcommand: number; loggedOn: boolean; what?: string }): DeviceOperationError {
  const details = { endCode: formatEndCode(endCode), command: `${formatEndCode(context.command)}/${formatEndCode(context.subcommand)}` };
  const minutes = LOCKOUT_MINUTES[endCode];
  if (minutes !== undefined) {
    return new DeviceOperationError(
      'locked-out',
      {
        headline: `The user is locked out after repeated wrong passwords (retry in about ${minutes} minute${minutes === 1 ? '' : 's'}).`,
        whatToDo: 'Wait, or ask an Administrator to release the lockout. Check that nobody is guessing passwords (event history).',
        guidelineRef: '2.4.4.3',
      },
      { ...details, retryAfterMinutes: minutes },
    );
  }
  if (endCode === C816) {
    return context.loggedOn
      ? new DeviceOperationError(
          'no-authority',
          {
            headline: "The logged-on user's group does not have the authority for this operation.",
            whatToDo: 'Log on as a user with that authority (an Administrator for settings, backups and updates).',
            guidelineRef: '2.4.4.1',
          },
          details,
        )
      : new DeviceOperationError(
          'not-logged-on',
          { headline: 'User authentication is on in this device and nobody is logged on.', whatToDo: 'Log on first.', guidelineRef: '2.4.4' },
          details,
        );
  }
  const entry = END_CODE_TABLE[endCode];
  if (entry) {
    const headline = entry.code === 'not-supported' && context.what ? `${context.what}: ${lowerFirst(entry.headline)}` : entry.headline;
    return new DeviceOperationError(entry.code, { headline, whatToDo: entry.whatToDo, guidelineRef: entry.guidelineRef }, details);
  }
  const info = describeEndCode(endCode);
  return new DeviceOperationError('refused', { headline: info.message, whatToDo: info.whatToDo, guidelineRef: info.guidelineRef }, details);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
