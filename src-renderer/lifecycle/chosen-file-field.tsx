// A file the technician picks on this PC (a firmware package, a backup), read here only to carry it to
// main in one message; main checks it (the package's signature, the backup's password and integrity).
// A file larger than one message can carry is said at once: nothing is sent.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CHOSEN_FILE_BYTES } from '../../src-main/ipc/chosen-file-limit';

export interface ChosenFile {
  name: string;
  base64: string;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ChosenFileField({ id, label, hint, onChange }: { id: string; label: string; hint?: string; onChange(file: ChosenFile | undefined): void }): ReactElement {
  const { t } = useTranslation();
  const [said, setSaid] = useState<{ text: string; tooLarge: boolean } | undefined>(undefined);
  async function choose(file: File | undefined): Promise<void> {
    if (!file) {
      setSaid(undefined);
      onChange(undefined);
      return;
    }
    if (file.size > MAX_CHOSEN_FILE_BYTES) {
      setSaid({ text: t('lifecycle.care.fileTooLarge', { file: file.name, max: MAX_CHOSEN_FILE_BYTES / 1024 }), tooLarge: true });
      onChange(undefined);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    setSaid({ text: t('lifecycle.care.fileRead', { file: file.name, size: file.size }), tooLarge: false });
    onChange({ name: file.name, base64: toBase64(bytes) });
  }
  const described = [hint ? `${id}-hint` : '', said ? `${id}-said` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" {...(described ? { 'aria-describedby': described } : {})} onChange={(e) => void choose(e.target.files?.[0])} />
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      {said ? (
        <span id={`${id}-said`} className={said.tooLarge ? 'field__error' : 'field__hint'} role="status" data-testid={`${id}-said`}>
          {said.text}
        </span>
      ) : null}
    </div>
  );
}
