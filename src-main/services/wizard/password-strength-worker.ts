// A worker thread of password-strength.ts: runs the zxcvbn-ts strength estimate off the main event loop
// (its dictionaries take tens of MB and its matching hundreds of milliseconds on long inputs). It keeps no
// password: each one is estimated and dropped; nothing is logged.
import { parentPort } from 'node:worker_threads';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { StrengthRequest, StrengthAnswer } from './password-strength';

const port = parentPort;
if (!port) throw new Error('password-strength-worker.ts runs only as a worker thread');

// The estimator answers with the key of each warning and suggestion ("warning.straightRow"); main words
// them from the message catalogue in the technician's language (password-check.ts).
const asKeys = <T extends Record<string, string>>(group: string, texts: T): T => Object.fromEntries(Object.keys(texts).map((k) => [k, `${group}.${k}`])) as T;
const estimator = new ZxcvbnFactory({
  translations: { ...en.translations, warnings: asKeys('warning', en.translations.warnings), suggestions: asKeys('suggestion', en.translations.suggestions) },
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...en.dictionary },
});

port.on('message', (request: StrengthRequest) => {
  let answer: StrengthAnswer;
  try {
    const result = estimator.check(request.password, request.userInputs);
    answer = { id: request.id, score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
