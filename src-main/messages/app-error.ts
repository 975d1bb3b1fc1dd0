// The one error base class of the app: every error raised on purpose says what happened as a message of
// the catalogue (id and parameters), so each host shows it in the technician's language; it keeps a
// stable code the UI and the CLI branch on, the guideline passages it concerns, and what to do next.
// `message` is the English text (logs, the CLI's default, the journal). Never put a secret in a parameter.
import { bilingual, render, type Bilingual, type Language, type Message, type MessageId, type MessageParams } from './catalogue';

export interface AppErrorInit {
  code: string;
  messageId: MessageId;
  params?: MessageParams;
  /** Guideline passages ("2.4.7.1", "Table 9 row 4") the error concerns. */
  references?: readonly string[];
  /** What the technician does next, when the headline does not say it. */
  nextStep?: Message;
  /** The specifics behind the headline for the details line (an end code, a command), already safe to show. */
  details?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly messageId: MessageId;
  readonly params: MessageParams;
  readonly references: readonly string[];
  readonly nextStep: Message | undefined;
  readonly details: string | undefined;

  constructor(init: AppErrorInit) {
    super(render(init.messageId, init.params, 'en'), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.messageId = init.messageId;
    this.params = init.params ?? {};
    this.references = init.references ?? [];
    this.nextStep = init.nextStep;
    this.details = init.details;
  }

  /** The headline in one language. */
  text(language: Language): string {
    return render(this.messageId, this.params, language);
  }

  /** The headline in both languages (what views carry). */
  bilingual(): Bilingual {
    return bilingual(this.messageId, this.params);
  }

  /** What to do next in both languages, when the error says. */
  nextStepBilingual(): Bilingual | undefined {
    return this.nextStep ? bilingual(this.nextStep.id, this.nextStep.params) : undefined;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
