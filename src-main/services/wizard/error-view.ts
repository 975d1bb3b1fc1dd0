// What went wrong in a step, in the technician's words, for SessionView.error: the headline, what to do,
// the guideline passage, and the device's end code in the details (UX: never in the headline). Every
// typed error of the app is an AppError: its headline and next step come from the catalogue in both
// languages. English shows the error's own specific sentence (names, values, fingerprints), as before;
// Japanese shows the catalogue's headline with its parameters. The details hold values only (codes, the
// device's end code and command), never an English sentence, so the Japanese view has none.
import type { SessionView } from '../../ipc/wizard-contract';
import { OrderingRuleViolation } from '../../commissioning/engine/engine-errors';
import { isDeviceOperationError } from '../../devices/device-error';
import { AppError } from '../../messages/app-error';
import { bilingual, joinSentences } from '../../messages/catalogue';
import { ServiceError } from '../service-error';

type ErrorView = NonNullable<SessionView['error']>;

export function errorView(error: unknown): ErrorView {
  if (error instanceof OrderingRuleViolation) {
    // The rule's own wording (guideline data, both languages) says what unlocks the action.
    const unlock = error.verdict.message ?? { en: error.unlock, ja: error.unlock };
    return { code: error.code, message: { en: error.message, ja: joinSentences([error.bilingual(), unlock]).ja }, whatToDo: unlock, references: [...error.guidelineRefs] };
  }
  if (isDeviceOperationError(error)) {
    // Values only (the device's end code, the command): the sentences are the headline and what to do, in each language.
    const details = [error.details.endCode ? `end code ${error.details.endCode}` : undefined, error.details.command].filter(Boolean).join('; ');
    const next = error.nextStepBilingual();
    return {
      code: error.code,
      message: { en: error.headline, ja: error.text('ja') },
      whatToDo: { en: error.whatToDo, ja: next?.ja ?? error.whatToDo },
      ...(details ? { details } : {}),
      ...(error.guidelineRefs.length ? { references: [...error.guidelineRefs] } : {}),
    };
  }
  if (error instanceof ServiceError) return { code: error.code, message: { en: error.message, ja: error.text('ja') }, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof AppError) {
    const whatToDo = error.nextStepBilingual();
    return { code: error.code, message: { en: error.message, ja: error.text('ja') }, ...(whatToDo ? { whatToDo } : {}), references: [...error.guidelineRefs] };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : 'internal', message: bilingual('errors.internal') };
}
