// What a step returns, whoever runs it (the engine, a family's or a kind's handler): its state and what it
// found, in English for the journal and as catalogue messages for the views in the technician's language.
import { render, type Message } from '../../messages/catalogue';
import type { StepState } from '../journal/journal-entry';

export interface StepResult {
  state: StepState;
  detail?: string;
  messages?: Message[];
}

/** A result said in catalogue messages; the English detail is rendered from them. */
export function said(state: StepState, ...messages: Message[]): StepResult {
  return { state, detail: messages.map((m) => render(m.id, m.params, 'en')).join(' '), messages };
}
