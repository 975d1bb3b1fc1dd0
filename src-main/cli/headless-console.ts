// The console side of a headless session (`mxc commission`): the operator's questions answered from the
// command line — nobody is at the engineering tool — and one line per step and per write on stdout.
import type { ProgressEvent } from '../commissioning/engine/commissioning-engine';
import { EngineError } from '../commissioning/engine/engine-errors';
import type { AskOperator } from '../session/operator-questions';
import type { CliIo } from './cli-command';

export interface HeadlessAnswers {
  /** --confirm-initialize MODEL */
  confirmInitialize: string | undefined;
  /** --backup-dir DIR */
  backupDir: string | undefined;
  /** --no-backup REASON */
  noBackup: string | undefined;
  /** --run-disruptive-checks */
  runDisruptiveChecks: boolean;
}

export function headlessConsole(io: CliIo, answers: HeadlessAnswers): { ask: AskOperator; onProgress: (e: ProgressEvent) => void } {
  // The operator's questions, answered from the command line (nobody is at the engineering tool).
  const ask: AskOperator = async (_question, subject) => {
    switch (subject.kind) {
      case 'confirm-initialization':
        return { confirmed: answers.confirmInitialize !== undefined, ...(answers.confirmInitialize !== undefined ? { typed: answers.confirmInitialize } : {}) };
      case 'backup-before-initialization':
        if (answers.backupDir) return { confirmed: true, choice: 'to-pc' };
        if (answers.noBackup !== undefined) return { confirmed: true, choice: 'declined', typed: answers.noBackup };
        throw new EngineError('INITIALIZATION_NOT_CONFIRMED', `The ${subject.model} is used: give --backup-dir DIR to back it up before its initialization, or --no-backup "REASON" to decline.`);
      case 'perform-manually':
        io.stdout(`  operator: step ${subject.stepNumber}: ${subject.what} (headless: not performed)`);
        return { confirmed: false };
      case 'confirm-disruptive': {
        const run = answers.runDisruptiveChecks;
        io.stdout(`  operator: step 14: ${subject.rowId} ${subject.title.en}: ${run ? 'run (--run-disruptive-checks)' : 'declined (no --run-disruptive-checks)'}`);
        return { confirmed: run };
      }
    }
  };
  const onProgress = (e: ProgressEvent) => {
    if (e.type === 'step' && e.state !== 'started') io.stdout(`[${String(e.step.number).padStart(2)}] ${e.step.title.en}: ${e.state}${e.detail ? ` — ${e.detail}` : ''}`);
    else if (e.type === 'write' && (e.state === 'verified' || e.state === 'reconciled' || e.state === 'failed')) io.stdout(`     ${e.key}${e.scope ? ` (${e.scope})` : ''}: ${e.state}`);
    else if (e.type === 'info') io.stdout(e.message);
  };
  return { ask, onProgress };
}
