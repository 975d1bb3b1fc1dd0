// The engine's typed errors. Each says what happened in the technician's words, what to do next, and
// the guideline passage behind it. None carries a password, a key or a device payload.
import { formatReference, formatReferences, type GuidelineReference } from '../guideline/references';
import { AppError } from '../../messages/app-error';
import { isMessageId } from '../../messages/catalogue';
import type { OrderingRuleId, RuleVerdict } from '../guideline/ordering-rules';
import { ruleById } from '../guideline/ordering-rules';

export type EngineErrorCode =
  | 'PROFILE_NOT_FOR_DEVICE'
  | 'SECRET_MISSING'
  | 'WRITE_REJECTED'
  | 'READ_BACK_MISMATCH'
  | 'LOGON_NOT_ADMINISTRATOR'
  | 'INITIALIZATION_NOT_CONFIRMED'
  | 'INITIALIZATION_NEEDS_ADMINISTRATOR'
  | 'PINNED_CERTIFICATE_MISMATCH'
  | 'DEVICE_NOT_REACHABLE'
  | 'NO_TLS_ENDPOINT'
  | 'DRIVER_INCOMPLETE'
  | 'SESSION_NOT_RESUMABLE'
  /** The operator cancelled between two operations (the wizard); nothing is half-written. */
  | 'CANCELLED'
  /** The wizard tried to change the settings after the first write was journaled. */
  | 'PROFILE_LOCKED'
  /** The profile's device family is registered, but no driver for it is part of this version. */
  | 'FAMILY_HAS_NO_DRIVER'
  /** The family has no procedure for this kind of session (e.g. disposal of a device not supported yet). */
  | 'KIND_NOT_FOR_FAMILY';

/** The headline of each code is the catalogue's `errors.engine.<code>`; the English message keeps the specifics. */
export class EngineError extends AppError {
  declare readonly code: EngineErrorCode;
  constructor(
    code: EngineErrorCode,
    message: string,
    readonly references: GuidelineReference[] = [],
    options?: { cause?: unknown },
  ) {
    const next = `errors.engine.next.${code}`;
    super({
      code,
      messageId: `errors.engine.${code}`,
      englishText: references.length ? `${message} (${formatReferences(references)})` : message,
      guidelineRefs: references.map(formatReference),
      ...(isMessageId(next) ? { nextStep: { id: next } } : {}),
      ...(options?.cause !== undefined ? { cause: options.cause } : {}),
    });
  }
}

/**
 * A write or operation was attempted before what the guideline requires first. `unlock` tells what makes
 * it possible; the UI shows it next to the disabled action ("Locked: ...").
 */
export class OrderingRuleViolation extends AppError {
  declare readonly code: 'ORDERING_RULE_VIOLATED';
  readonly references: GuidelineReference[];
  readonly unlock: string;
  constructor(
    readonly ruleId: OrderingRuleId,
    readonly verdict: RuleVerdict,
    readonly attempted: string,
  ) {
    const rule = ruleById(ruleId);
    const unlock = verdict.message?.en ?? rule.statement.en;
    super({
      code: 'ORDERING_RULE_VIOLATED',
      messageId: 'errors.engine.ORDERING_RULE_VIOLATED',
      englishText: `${attempted} is locked by rule "${ruleId}" (${formatReferences(rule.references)}): ${unlock}`,
      guidelineRefs: rule.references.map(formatReference),
    });
    this.references = rule.references;
    this.unlock = unlock;
  }
}
