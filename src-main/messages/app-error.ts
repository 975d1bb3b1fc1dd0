// The one error base class of the app: every error raised on purpose says what happened as a message of
// the catalogue (id and parameters), so each host shows it in the technician's language; it keeps a
// stable code the UI and the CLI branch on, the guideline passages it concerns, and what to do next.
// `message` is English for logs, the journal and the CLI: the headline, or the specifics (names, values)
// when a subclass has them. Never put a secret in a parameter or a message.
import { bilingual, render, type Bilingual, type Language, type Message, type MessageId, type MessageParams } from './catalogue';

export interface AppErrorInit {
  code: string;
  messageId: MessageId;
  params?: MessageParams;
  /** Guideline passages ("2.4.7.1", "Table 9 row 4") the error concerns, formatted. */
  guidelineRefs?: readonly string[];
  /** What the technician does next, when the headline does not say it. */
  nextStep?: Message;
  /** English with the specifics, for logs, the journal and the CLI; the headline when absent. */
  englishText?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly messageId: MessageId;
  readonly params: MessageParams;
  readonly guidelineRefs: readonly string[];
  readonly nextStep: Message | undefined;

  constructor(init: AppErrorInit) {
    super(init.englishText ?? render(init.messageId, init.params, 'en'), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.messageId = init.messageId;
    this.params = init.params ?? {};
    this.guidelineRefs = init.guidelineRefs ?? [];
    this.nextStep = init.nextStep;
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
