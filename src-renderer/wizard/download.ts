// Hands an exported file to the browser's download (a Blob and an <a download>): no data: URL, nothing
// inline, so it runs under the page's CSP.
import type { ExportResult } from '../../src-main/ipc/wizard-contract';

export function downloadExport(file: ExportResult): void {
  const binary = atob(file.contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
