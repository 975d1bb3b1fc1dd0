import type { IpcError } from '../ipc/contract';
import { AppError } from '../messages/app-error';
import type { Bilingual, Language, Message } from '../messages/catalogue';

/**
 * An error the service raises on purpose; its code crosses the IPC boundary as is and its message is the
 * catalogue's. A plain English text (older call sites) shows the generic headline in Japanese, with the
 * English in the details.
 */
export class ServiceError extends AppError {
  declare readonly code: IpcError['code'];
  readonly details: string | undefined;
  /** A text already in both languages (a lock's reason and unlock, the password rule's failures). */
  #text: Bilingual | undefined;

  constructor(code: IpcError['code'], message: Message | string, details?: string, englishText?: string) {
    super(
      typeof message === 'string'
        ? { code, messageId: 'errors.requestFailed', englishText: message }
        : { code, messageId: message.id, ...(message.params ? { params: message.params } : {}), ...(englishText ? { englishText } : {}) },
    );
    this.details = details ?? (typeof message === 'string' ? message : undefined);
  }

  /** A refusal whose words are already in both languages; `englishText` is the English message (logs, tests). */
  static withText(code: IpcError['code'], text: Bilingual, englishText: string, details?: string): ServiceError {
    const e = new ServiceError(code, { id: 'errors.requestFailed' }, details, englishText);
    e.#text = text;
    return e;
  }

  override text(language: Language): string {
    return this.#text ? this.#text[language] : super.text(language);
  }

  override bilingual(): Bilingual {
    return this.#text ?? super.bilingual();
  }
}
