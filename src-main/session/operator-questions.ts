// The operator-question protocol: what the engine asks of the person at the device, as questions with
// their texts in English and Japanese. A host only answers them: the wizard shows each question and waits
// for the technician; `mxc commission` answers from its command line. The engine's Operator is built
// here once, so the wording, the typed confirmation and the backup handling are the same for every host.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../commissioning/engine/engine-errors';
import { INITIALIZATION_CLEARS, INITIALIZATION_KEEPS, type BackupChoice, type Operator } from '../commissioning/engine/operator';
import type { Bilingual } from '../commissioning/guideline/types';

export type QuestionKind = 'confirm-initialization' | 'backup-before-initialization' | 'perform-manually' | 'confirm-disruptive';

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
  | { kind: 'backup-before-initialization'; model: string }
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
          title: { en: `Initialize all information of this ${model}?`, ja: `この${model}の全情報を初期化しますか？` },
          text: {
            en: `This ${model} was used before. Initialization of all information clears ${clears.join(', ')}. Kept: ${INITIALIZATION_KEEPS.join(', ')}. It cannot be undone. Type the model name to confirm.`,
            ja: `この${model}は使用済みです。全情報初期化により、デバイス/ラベル、ファイル、セキュリティ設定、ユーザ情報、イベント履歴、証明書が消去されます（SDメモリカードは保持）。元に戻せません。確認のため形名を入力してください。`,
          },
          typeToConfirm: model,
          consequences: INITIALIZATION_CLEARS.map((c) => ({ en: `Cleared: ${c}`, ja: `消去：${c}` })),
        },
        { kind: 'confirm-initialization', model },
      );
      return a.confirmed ? a.typed : undefined;
    },
    backupBeforeInitialization: async (model): Promise<BackupChoice> => {
      const a = await ask(
        {
          kind: 'backup-before-initialization',
          title: { en: `Back up the ${model} before it is initialized?`, ja: `初期化の前に${model}をバックアップしますか？` },
          text: {
            en: 'Initialization deletes the data on the controller (2.4.1, 2.6). Back it up to this PC or to its SD memory card, or decline if the data is not needed (type why).',
            ja: '初期化によりコントローラ内のデータは削除されます（2.4.1、2.6）。このパソコンまたはSDメモリカードへバックアップするか、データが不要な場合は理由を入力して不要としてください。',
          },
          choices: [
            { id: 'to-pc', label: { en: 'Back up to this PC', ja: 'このパソコンへバックアップ' } },
            { id: 'to-sd-card', label: { en: 'Back up to the SD memory card', ja: 'SDメモリカードへバックアップ' } },
            { id: 'declined', label: { en: 'Not needed (say why)', ja: '不要（理由を入力）' } },
          ],
        },
        { kind: 'backup-before-initialization', model },
      );
      if (!a.confirmed) throw new EngineError('INITIALIZATION_NOT_CONFIRMED', 'The backup question was not answered; the controller was not initialized.');
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
      return { kind: 'declined', reason: a.typed?.trim() || 'The operator confirmed the data on the controller is not needed.' };
    },
    performManually: async (step, what, whatJa) => {
      const a = await ask(
        {
          kind: 'perform-manually',
          title: { en: `Step ${step.number}: do this in the engineering tool`, ja: `手順${step.number}：エンジニアリングツールで実施してください` },
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
          title: { en: `Run the check "${check.title.en}" on this device?`, ja: `この機器で「${check.title.ja}」を確認しますか？` },
          text: {
            en: `Test operation, ${check.rowId.replace(/^table(\d+)\.row(\d+)$/, 'Table $1 row $2')}. The check changes the device for a moment and puts it back; the device is read back afterwards. Cancel to skip it: the report then lists it as not run, declined by you.`,
            ja: `動作確認（${check.rowId.replace(/^table(\d+)\.row(\d+)$/, '表$1 No.$2')}）。確認中は機器を一時的に変更し、元に戻した後に読み出して確認します。キャンセルすると実施せず、レポートには辞退として記録されます。`,
          },
          consequences: check.consequences,
        },
        { kind: 'confirm-disruptive', rowId: check.rowId, title: check.title },
      );
      return a.confirmed;
    },
  };
}
