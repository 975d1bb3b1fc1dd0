// The operator-question protocol: what the engine asks of the person at the device, as questions with
// their texts in English and Japanese. A host only answers them: the wizard shows each question and waits
// for the technician; `mxc commission` answers from its command line. The engine's Operator is built
// here once, so the wording, the typed confirmation and the backup handling are the same for every host.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../commissioning/engine/engine-errors';
import { INITIALIZATION_CLEAR_IDS, INITIALIZATION_KEEP_IDS, type BackupChoice, type Operator } from '../commissioning/engine/operator';
import type { Bilingual } from '../commissioning/guideline/types';
import { bilingualEach, msg, render } from '../messages/catalogue';

/** 'settings-backup': the wireless LAN adapter's encrypted settings backup (4.4.7), to this PC or declined. */
export type QuestionKind = 'confirm-initialization' | 'backup-before-initialization' | 'settings-backup' | 'perform-manually' | 'confirm-disruptive';

/** A question as the technician reads it (the wizard adds an id and shows it as it is). */
export interface OperatorQuestion {
  kind: QuestionKind;
  title: Bilingual;
  text: Bilingual;
  /** Irreversible actions: the technician types this (the device's model name) to confirm. */
  typeToConfirm?: string;
  /** Choices for 'backup-before-initialization': 'to-pc' | 'to-sd-card' | 'declined'. */
  choices?: Array<{ id: string; label: Bilingual }>;
  consequences?: Bilingual[];
}

/** What the question is about, for a host that answers without showing it (the CLI prints a line). */
export type QuestionSubject =
  | { kind: 'confirm-initialization'; model: string }
  | { kind: 'backup-before-initialization'; model: string; purpose?: 'settings-backup' }
  | { kind: 'perform-manually'; stepNumber: number; what: string }
  | { kind: 'confirm-disruptive'; rowId: string; title: Bilingual };

export interface OperatorAnswer {
  confirmed: boolean;
  typed?: string;
  choice?: string;
}

export type AskOperator = (question: OperatorQuestion, subject: QuestionSubject) => Promise<OperatorAnswer>;

export const BACKUP_CHOICES = ['to-pc', 'to-sd-card', 'declined'] as const;

/**
 * The engine's Operator over a host's answers. A backup to this PC goes into `backupDir` (created 0700,
 * files 0600, the device's file name reduced to safe characters).
 */
export function questioningOperator(name: string, ask: AskOperator, options: { backupDir: string }): Operator {
  return {
    name,
    confirmInitialization: async (model, clears) => {
      const a = await ask(
        {
          kind: 'confirm-initialization',
          title: msg('question.initialize.title', { model }),
          // The engine names what it clears in English (the journal); the question shows the catalogue's list.
          text: msg('question.initialize.text', { model, clears: { list: INITIALIZATION_CLEAR_IDS }, kept: { list: INITIALIZATION_KEEP_IDS } }),
          typeToConfirm: model,
          consequences: INITIALIZATION_CLEAR_IDS.map((id) => bilingualEach('question.initialize.cleared', (l) => ({ item: render(id, undefined, l) }))),
        },
        { kind: 'confirm-initialization', model },
      );
      return a.confirmed ? a.typed : undefined;
    },
    backupBeforeInitialization: async (model, purpose): Promise<BackupChoice> => {
      // The adapter's backup is encrypted with its login password (4.4.7.1) and goes to this PC only: its
      // question asks for no password of its own and offers no SD memory card.
      const a = await ask(
        purpose === 'settings-backup'
          ? {
              kind: 'settings-backup',
              title: msg('question.settingsBackup.title', { model }),
              text: msg('question.settingsBackup.text'),
              choices: [
                { id: 'to-pc', label: msg('question.settingsBackup.toPc') },
                { id: 'declined', label: msg('question.settingsBackup.declined') },
              ],
            }
          : {
              kind: 'backup-before-initialization',
              title: msg('question.backup.title', { model }),
              text: msg('question.backup.text'),
              choices: [
                { id: 'to-pc', label: msg('question.backup.toPc') },
                { id: 'to-sd-card', label: msg('question.backup.toSdCard') },
                { id: 'declined', label: msg('question.backup.declined') },
              ],
            },
        { kind: 'backup-before-initialization', model, ...(purpose ? { purpose } : {}) },
      );
      if (!a.confirmed) throw new EngineError('INITIALIZATION_NOT_CONFIRMED', purpose === 'settings-backup' ? 'The backup question was not answered; no backup was taken.' : 'The backup question was not answered; the controller was not initialized.');
      if (a.choice === 'to-sd-card') return { kind: 'to-sd-card' };
      if (a.choice === 'to-pc')
        return {
          kind: 'to-pc',
          save: async (fileName, content) => {
            mkdirSync(options.backupDir, { recursive: true, mode: 0o700 });
            const path = join(options.backupDir, fileName.replace(/[^A-Za-z0-9._-]/g, '_'));
            writeFileSync(path, content, { mode: 0o600 });
            return path;
          },
        };
      return { kind: 'declined', reason: a.typed?.trim() || (purpose === 'settings-backup' ? 'The operator declined the settings backup at this time.' : 'The operator confirmed the data on the controller is not needed.') };
    },
    performManually: async (step, what, whatJa) => {
      const a = await ask(
        {
          kind: 'perform-manually',
          title: msg('question.manual.title', { number: step.number }),
          text: { en: what, ja: whatJa ?? what },
        },
        { kind: 'perform-manually', stepNumber: step.number, what },
      );
      return a.confirmed;
    },
    // Step 14: a disruptive check of Table 17 / 35 runs only if the technician confirms it; Cancel declines it.
    confirmDisruptive: async (check) => {
      const a = await ask(
        {
          kind: 'confirm-disruptive',
          title: bilingualEach('question.disruptive.title', (l) => ({ title: check.title[l] })),
          text: bilingualEach('question.disruptive.text', (l) => {
            const [, table, row] = /^table(\d+)\.row(\d+)$/.exec(check.rowId) ?? [];
            return { row: table ? render('guideline.tableRow', { table, row: row! }, l) : check.rowId };
          }),
          consequences: check.consequences,
        },
        { kind: 'confirm-disruptive', rowId: check.rowId, title: check.title },
      );
      return a.confirmed;
    },
  };
}
