// The report as PDF in the Electron host: the self-contained report HTML rendered in a hidden window
// that runs no script and loads nothing (the report has no external resources), printed with
// webContents.printToPDF, then closed. The browser host has no equivalent; it prints the preview.
import { BrowserWindow } from 'electron';

export async function printHtmlToPdf(html: string): Promise<Buffer> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  });
  try {
    // Navigation and new windows stay impossible from the report page.
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true });
  } finally {
    window.destroy();
  }
}
