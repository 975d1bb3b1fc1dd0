// The report (UX brief screen 4): every row with its status as icon and word and its evidence; export
// as HTML (EN/JA), signed JSON, or PDF (Electron's printToPDF in main; in the browser host, the
// browser's print of this preview); and where main saved the file.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportKind, ReportRowView, SessionView } from '../../src-main/ipc/wizard-contract';
import { Icon, type IconName } from '../components/icons';
import { ScreenHeading } from '../components/screen-heading';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';
import { useAppStore } from '../state/app-store';
import { downloadExport } from '../wizard/download';
import { RequestError } from '../wizard/wizard-notices';

const PROVENANCE_ORDER: ReadonlyArray<ReportRowView['provenance']> = ['device', 'network', 'imported-file', 'attestation', 'none'];

const ROW_ICON: Record<ReportRowView['status'], IconName> = { pass: 'verified', fail: 'failed', attested: 'attested', 'not-applicable': 'na', 'not-verified': 'todo' };

export function ReportScreen({ session }: { session: SessionView }): ReactElement | null {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const { exportFile, lastExport, pending, setShowReport } = useWizardStore();
  const printsPdfInMain = useAppStore((state) => state.appInfo?.host === 'electron');
  const report = session.report;
  if (!report) return null;
  const save = async (kind: ExportKind) => {
    const file = await exportFile(kind);
    if (file) downloadExport(file);
  };
  return (
    <section className="screen report" aria-labelledby="report-title" data-testid="report">
      <button type="button" className="button button--quiet back no-print" onClick={() => setShowReport(false)}>
        <Icon name="arrow-left" /> {t('wizard.report.back')}
      </button>
      <ScreenHeading id="report-title">{t('wizard.report.title', { model: session.model })}</ScreenHeading>
      <p className={`report__verdict report__verdict--${report.compliant ? 'ok' : 'bad'}`} data-testid="report-verdict" data-verdict={report.verdict}>
        <Icon name={report.compliant ? 'verified' : 'failed'} /> {bi(report.verdictText)}
      </p>
      {report.deviations.length ? (
        <section aria-labelledby="report-deviations" data-testid="report-deviations">
          <h3 id="report-deviations">{t('wizard.report.deviations', { count: report.deviations.length })}</h3>
          <ul className="deviations">
            {report.deviations.map((d, i) => (
              <li key={i} data-testid="report-deviation">
                <strong>{d.reference}</strong>: {bi(d.text)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="note">
        {t('wizard.report.signed', { at: new Date(report.signedAt).toLocaleString(i18n.language, { timeZone: 'UTC', timeZoneName: 'short' }), key: report.keyId, operator: session.operatorName })}
      </p>
      <div className="actions no-print">
        <button type="button" className="button button--primary" data-primary-action disabled={pending !== undefined} onClick={() => void save(i18n.language === 'ja' ? 'report-html-ja' : 'report-html')}>
          <Icon name="download" /> {t('wizard.report.exportHtml')}
        </button>
        <button type="button" className="button" disabled={pending !== undefined} onClick={() => void save('report-json')}>
          <Icon name="download" /> {t('wizard.report.exportJson')}
        </button>
        <button
          type="button"
          className="button"
          disabled={printsPdfInMain && pending !== undefined}
          onClick={() => (printsPdfInMain ? void save(i18n.language === 'ja' ? 'report-pdf-ja' : 'report-pdf') : window.print())}
        >
          <Icon name="print" /> {t('wizard.report.exportPdf')}
        </button>
      </div>
      {lastExport ? (
        <p className="notice notice--info no-print" role="status" data-testid="export-saved">
          <Icon name="check" /> {t('wizard.export.savedTo', { file: lastExport.fileName, path: lastExport.savedTo })}
        </p>
      ) : null}
      <RequestError />
      <p className="note" data-testid="report-provenance">
        {t('wizard.report.provenanceSummary')}:{' '}
        {PROVENANCE_ORDER.filter((p) => (report.provenance?.[p] ?? 0) > 0)
          .map((p) => `${t(`wizard.report.provenance.${p}`)} ${report.provenance[p]}`)
          .join(' · ')}
      </p>
      <table className="report-table" data-testid="report-table">
        <caption>{t('wizard.report.caption', { count: report.rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wizard.report.row')}</th>
            <th scope="col">{t('wizard.report.item')}</th>
            <th scope="col">{t('wizard.report.status')}</th>
            <th scope="col">{t('wizard.report.established')}</th>
            <th scope="col">{t('wizard.report.evidence')}</th>
            <th scope="col">IEC 62443-4-2</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.id} data-testid="report-row" data-status={row.status}>
              <th scope="row">{t('wizard.report.rowRef', { table: row.table, row: row.row })}</th>
              <td>{bi(row.item)}</td>
              <td>
                <span className={`step-status step-status--${row.status}`}>
                  <Icon name={ROW_ICON[row.status]} /> {t(`wizard.report.statuses.${row.status}`)}
                </span>
                {row.exception ? <span className="note"> {t('wizard.report.exception', { text: row.exception })}</span> : null}
              </td>
              <td data-testid="report-row-provenance" data-provenance={row.provenance}>
                {t(`wizard.report.provenance.${row.provenance}`)}
              </td>
              <td>
                <ul className="evidence">
                  {row.evidence.map((e, i) => (
                    <li key={i}>{bi(e)}</li>
                  ))}
                </ul>
              </td>
              <td>{row.iec.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ReportSections session={session} />
    </section>
  );
}

// A journal state as the rail says it (the report's steps carry the journal's words).
const STEP_STATUS: Record<string, string> = { done: 'verified', 'profile-set': 'values-set', 'operator-performed': 'operator-performed', 'not-applicable': 'not-applicable', failed: 'failed', 'not-run': 'todo' };

/** Device, link, procedure, test operation and attestations: what the exported report has beside the rows. */
function ReportSections({ session }: { session: SessionView }): ReactElement | null {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const report = session.report;
  if (!report) return null;
  // One zone on the report screen, as in the export: UTC.
  const utc = (iso: string) => new Date(iso).toLocaleString(i18n.language, { timeZone: 'UTC', timeZoneName: 'short' });
  return (
    <>
      {report.device ? (
        <section aria-labelledby="report-device" data-testid="report-device">
          <h2 id="report-device">{t('wizard.report.sections.device')}</h2>
          <dl className="report-facts">
            <dt>{t('device.model')}</dt>
            <dd>{report.device.model}</dd>
            <dt>{t('wizard.report.sections.serial')}</dt>
            <dd>{report.device.serialNumber ?? t('wizard.report.sections.notRead')}</dd>
            <dt>{t('wizard.report.sections.firmware')}</dt>
            <dd>{report.device.firmwareVersion ?? t('wizard.report.sections.notRead')}</dd>
            {report.link ? (
              <>
                <dt>{t('wizard.report.sections.linkInitial')}</dt>
                <dd>{t(`link.${report.link.initial}`, { defaultValue: report.link.initial })}</dd>
                <dt>{t('wizard.report.sections.linkFinal')}</dt>
                <dd>
                  {t(`link.${report.link.final}`, { defaultValue: report.link.final })}
                  {report.link.certificate ? <span className="note"> · {report.link.certificate.fingerprint256.slice(0, 8)}… · {t('link.expires', { date: utc(report.link.certificate.notAfter) })}</span> : null}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {report.procedure?.length ? (
        <section aria-labelledby="report-procedure" data-testid="report-procedure">
          <h2 id="report-procedure">{t('wizard.report.sections.procedureTitle')}</h2>
          <ol className="report-steps">
            {report.procedure.map((st) => (
              <li key={st.number}>
                {bi(st.title)} — {t(`wizard.status.${STEP_STATUS[st.state] ?? 'todo'}`)}
                {st.finishedAt ? <span className="note"> ({utc(st.finishedAt)})</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {report.testOperation?.length ? (
        <section aria-labelledby="report-test" data-testid="report-test-operation">
          <h2 id="report-test">{t('wizard.report.sections.testTitle', { table: report.testOperationTable ?? '' })}</h2>
          <ul>
            {report.testOperation.map((i, n) => (
              <li key={n}>
                {t('wizard.report.rowRef', { table: report.testOperationTable ?? '', row: i.row })}: {bi(i.title)} — {t(`wizard.report.sections.testStatus.${i.status}`)}
                {i.reason ? <span className="note"> ({bi(i.reason)})</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {report.attestations?.length ? (
        <section aria-labelledby="report-attestations" data-testid="report-attestations">
          <h2 id="report-attestations">{t('wizard.report.sections.attestationsTitle')}</h2>
          <ul>
            {report.attestations.map((a) => (
              <li key={a.id}>
                {a.text} <span className="note">({t('wizard.report.sections.attestedBy', { by: a.by, at: utc(a.at) })})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
