// The one shape every refusal of the security models takes, so the controller turns any of them into
// an SLMP end code and a technician-readable message the same way.

import { END_CODES, type ReasonCode } from './device-choices';

export interface Refusal {
  readonly ok: false;
  readonly reason: ReasonCode;
  /** SLMP end code the controller answers with */
  readonly endCode: number;
  /** technician-readable: what happened and what to do; never contains a password */
  readonly message: string;
  /** guideline reference, where one applies */
  readonly ref?: string;
}

export type Outcome<T extends object = object> = ({ readonly ok: true } & T) | Refusal;

export function refuse(reason: ReasonCode, message: string, ref?: string, endCode: number = END_CODES[reason]): Refusal {
  return ref === undefined ? { ok: false, reason, endCode, message } : { ok: false, reason, endCode, message, ref };
}

/** Thrown only for what a command cannot cause: a damaged state file, a programming error. */
export class SecurityStateError extends Error {
  readonly code: 'SECURITY_STATE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SecurityStateError';
    this.code = 'SECURITY_STATE_INVALID';
  }
}
