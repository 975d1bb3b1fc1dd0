// SLMP end codes (SLMP reference SH-080956ENG, "error codes"; iQ-R CPU codes 4000-4FFF from the CPU
// user's manual), explained in the words a commissioning technician uses on site.

import { commandName } from './commands';

export interface EndCodeInfo {
  /** Four upper-case hex digits, as the engineering tool and the manuals print it ("C059"). */
  code: string;
  name: string;
  message: string;
  whatToDo: string;
  /** Section of the vendor's security guideline that applies, when one does. */
  guidelineRef?: string;
}

type Entry = Omit<EndCodeInfo, 'code'>;

const LOCKOUT_WHAT_TO_DO = (minutes: number): string =>
  `Wait ${minutes} minute${minutes === 1 ? '' : 's'} before the next attempt, and check the user name and password ` +
  'before retrying: each further failure lengthens the lockout. An Administrator can release the lockout ' +
  'after confirming the user is legitimate.';

const TABLE: Record<number, Entry> = {
  0x0000: { name: 'Completed', message: 'The device carried out the request.', whatToDo: 'Nothing to do.' },
  0xc050: {
    name: 'ASCII data not convertible',
    message: 'The device received ASCII text it could not convert to binary.',
    whatToDo: 'Set the SLMP port to binary in the engineering tool (the app speaks binary frames only).',
  },
  0xc051: {
    name: 'Too many words',
    message: 'The request asked for more words than the device handles in one request (960 on MX models).',
    whatToDo: 'Read or write the range in smaller parts.',
  },
  0xc052: {
    name: 'Too many bits',
    message: 'The request asked for more bits than the device handles in one request (7168 on MX models).',
    whatToDo: 'Read or write the range in smaller parts.',
  },
  0xc053: {
    name: 'Too many random-access words',
    message: 'The request addressed more words at random than the device allows.',
    whatToDo: 'Split the request into smaller parts.',
  },
  0xc054: {
    name: 'Too many random-access bits',
    message: 'The request addressed more bits at random than the device allows.',
    whatToDo: 'Split the request into smaller parts.',
  },
  0xc056: {
    name: 'Address out of range',
    message: 'The device range asked for goes past the last device number the controller has.',
    whatToDo: 'Check the device numbers against the device assignment in the CPU parameters.',
  },
  0xc058: {
    name: 'Data length wrong after conversion',
    message: 'The request data did not have the length the command needs after ASCII/binary conversion.',
    whatToDo: 'Check that the SLMP port is set to binary; if it is, report this to the app maintainers.',
  },
  0xc059: {
    name: 'Command not supported',
    message: 'The device does not support this command or subcommand.',
    whatToDo:
      'This controller (or its firmware version) lacks the function. For a security setting, perform it in ' +
      'the engineering tool; the app then verifies what it can observe.',
  },
  0xc05b: {
    name: 'Device not accessible',
    message: 'The controller cannot read or write the device in the way requested.',
    whatToDo: 'Read word devices (D, W, R, ZR, SD) in word units; use bit units for M, X, Y, B and SM only.',
  },
  0xc05c: {
    name: 'Bad request data',
    message: 'The device found a value in the request it cannot accept.',
    whatToDo: 'Check the values entered; if they look right, report this to the app maintainers.',
  },
  0xc05f: {
    name: 'Not executable on this target',
    message: 'The request cannot be carried out on the station or module it was routed to.',
    whatToDo: 'Check the route (network, station, module I/O No.) set for this connection.',
  },
  0xc060: {
    name: 'Bad request content',
    message: 'The request content is wrong for this device (for example a bit value other than 0 or 1).',
    whatToDo: 'Check the values entered; if they look right, report this to the app maintainers.',
  },
  0xc061: {
    name: 'Length does not match the data',
    message: 'The data-length field of the request does not match the data that followed.',
    whatToDo: 'Check the link for corruption (cable, switch, adapter), then retry.',
  },
  0xc1a4: {
    name: 'Bad command or module I/O No.',
    message: 'The device rejected the command code or the module I/O number of the route.',
    whatToDo: 'Check the module I/O No. of the route: 03FF for the connected CPU, 03E0-03E3 for CPU No. 1-4.',
  },
  0xc200: {
    name: 'Wrong remote password',
    message: 'The remote password did not match.',
    whatToDo: 'Check the remote password. MX controllers do not have a remote password: use user authentication instead.',
  },
  0xc201: {
    name: 'Port locked by remote password',
    message: 'The port used is locked by the remote password.',
    whatToDo: 'Unlock the port with the remote password, or connect through a port that is not locked.',
  },
  0xc208: {
    name: 'Password length out of range',
    message: 'The password sent has a length the device does not accept.',
    whatToDo: 'Check the password length required for this device.',
  },
  0xc810: {
    name: 'Authentication failed',
    message: 'The device refused the logon: wrong user name or password.',
    whatToDo: LOCKOUT_WHAT_TO_DO(1),
    guidelineRef: '2.4.4.3',
  },
  0xc811: {
    name: 'Authentication failed, locked for 5 minutes',
    message: 'Repeated logon failures: the device refuses further attempts for 5 minutes.',
    whatToDo: LOCKOUT_WHAT_TO_DO(5),
    guidelineRef: '2.4.4.3',
  },
  0xc812: {
    name: 'Authentication failed, locked for 15 minutes',
    message: 'Repeated logon failures: the device refuses further attempts for 15 minutes.',
    whatToDo: LOCKOUT_WHAT_TO_DO(15),
    guidelineRef: '2.4.4.3',
  },
  0xc813: {
    name: 'Authentication failed, locked for 60 minutes',
    message: 'Repeated logon failures: the device refuses further attempts for 60 minutes.',
    whatToDo: LOCKOUT_WHAT_TO_DO(60),
    guidelineRef: '2.4.4.3',
  },
  0xc814: {
    name: 'Authentication failed, locked for 60 minutes',
    message: 'Repeated logon failures: the device refuses further attempts for 60 minutes.',
    whatToDo: LOCKOUT_WHAT_TO_DO(60),
    guidelineRef: '2.4.4.3',
  },
  0xc815: {
    name: 'Authentication failed, locked for 60 minutes',
    message: 'Repeated logon failures: the device refuses further attempts for 60 minutes.',
    whatToDo: LOCKOUT_WHAT_TO_DO(60),
    guidelineRef: '2.4.4.3',
  },
  0xc816: {
    name: 'Security function active',
    message: 'A security function of the device refused the request.',
    whatToDo: 'Log on as a user with the required rights, or check which security function blocks the request.',
    guidelineRef: '2.4.4',
  },
  0x4013: {
    name: 'Latch clear refused',
    message: 'The CPU refused the latch clear, for example because it is not in STOP.',
    whatToDo: 'Put the CPU in STOP (remote STOP or the switch), then clear the latch again.',
  },
  0x4030: {
    name: 'Device not supported',
    message: 'The CPU does not have the device type specified.',
    whatToDo: 'Check the device name; the MX models support D, M, X, Y, SD, SM, W, B, R and ZR here.',
  },
};

export function formatEndCode(code: number): string {
  return (code & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

export function describeEndCode(code: number): EndCodeInfo {
  const entry = TABLE[code];
  if (entry) return { code: formatEndCode(code), ...entry };
  const cpu = code >= 0x4000 && code <= 0x4fff;
  return {
    code: formatEndCode(code),
    name: cpu ? 'CPU error' : 'Device error',
    message: cpu
      ? `The CPU refused the request with error code ${formatEndCode(code)}.`
      : `The device refused the request with end code ${formatEndCode(code)}.`,
    whatToDo: `Look up code ${formatEndCode(code)} in the controller's manual (troubleshooting, error codes) or in the engineering tool's diagnostics.`,
  };
}

/** All codes with a specific entry (for docs and the UI's help page). */
export function knownEndCodes(): number[] {
  return Object.keys(TABLE).map(Number).sort((a, b) => a - b);
}

/** The device answered a request with a non-zero end code. */
export class SlmpEndCodeError extends Error {
  override readonly name = 'SlmpEndCodeError';
  readonly code = 'slmp-end-code' as const;
  readonly endCode: number;
  readonly command: number;
  readonly subcommand: number;
  readonly info: EndCodeInfo;
  constructor(endCode: number, command: number, subcommand: number) {
    const info = describeEndCode(endCode);
    super(`${commandName(command)} refused with end code ${info.code} (${info.name}): ${info.message} ${info.whatToDo}`);
    this.endCode = endCode;
    this.command = command;
    this.subcommand = subcommand;
    this.info = info;
  }
}
