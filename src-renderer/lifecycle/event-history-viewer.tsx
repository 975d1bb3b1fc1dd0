// The event history a visit read (Table 9 row 11 / Table 27 row 10): filter by event, user and time; the
// Table 12/30 events to watch marked in the rows (icon and word, never colour alone) and listed with what
// each means and what to do. Filtering is only a view of what main read; the exports are main's files.
import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitResultView } from '../../src-main/ipc/lifecycle-contract';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';

type Events = VisitResultView['events'];

export function EventHistoryViewer({ events }: { events: Events }): ReactElement {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const [event, setEvent] = useState('');
  const [user, setUser] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [watchOnly, setWatchOnly] = useState(false);
  const names = useMemo(() => [...new Set(events.records.map((r) => `${r.code} ${r.name}`))].sort(), [events.records]);
  const users = useMemo(() => [...new Set(events.records.map((r) => r.user).filter((u): u is string => !!u))].sort(), [events.records]);
  const watchTitle = (id: string | undefined) => bi(events.toWatch.find((w) => w.id === id)?.title);
  const fromMs = from ? Date.parse(from) : -Infinity;
  const toMs = to ? Date.parse(to) : Infinity;
  const shown = events.records.filter(
    (r) =>
      (!event || `${r.code} ${r.name}` === event) &&
      (!user || r.user === user) &&
      (!watchOnly || r.watch) &&
      Date.parse(r.at) >= fromMs &&
      Date.parse(r.at) <= toMs,
  );
  const count = (id: string) => events.records.filter((r) => r.watch === id).length;
  return (
    <section className="panel" aria-labelledby="events-title" data-testid="event-history">
      <h2 id="events-title">{t('lifecycle.events.title', { count: events.total })}</h2>
      <p className={`step-status step-status--${events.deviceCheckOk ? 'pass' : 'fail'}`} data-testid="event-device-check">
        <Icon name={events.deviceCheckOk ? 'check' : 'error'} /> {t(events.deviceCheckOk ? 'lifecycle.events.deviceCheckOk' : 'lifecycle.events.deviceCheckFailed')}
      </p>
      <h3>{t('lifecycle.events.watchTitle')}</h3>
      <ul className="device-list" data-testid="events-to-watch">
        {events.toWatch.map((w) => (
          <li key={w.id} data-testid="event-to-watch" data-watch={w.id}>
            <span>
              <strong>
                {count(w.id) ? <Icon name="warning" /> : null} {bi(w.title)}
              </strong>{' '}
              <span className="note">
                ({w.reference}) · {t('lifecycle.events.count', { count: count(w.id) })}
              </span>
            </span>
            <span className="note">
              {t('lifecycle.events.meaning')} {bi(w.meaning)}
            </span>
            <span className="note">
              {t('lifecycle.events.action')} {bi(w.action)}
            </span>
          </li>
        ))}
      </ul>
      <fieldset className="form-row">
        <legend>{t('lifecycle.events.filters')}</legend>
        <div className="field">
          <label htmlFor="events-event">{t('lifecycle.events.event')}</label>
          <select id="events-event" value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">{t('lifecycle.events.all')}</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="events-user">{t('lifecycle.events.user')}</label>
          <select id="events-user" value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">{t('lifecycle.events.all')}</option>
            {users.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="events-from">{t('lifecycle.events.from')}</label>
          <input id="events-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="events-to">{t('lifecycle.events.to')}</label>
          <input id="events-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={watchOnly} onChange={(e) => setWatchOnly(e.target.checked)} /> {t('lifecycle.events.watchOnly')}
          </label>
        </div>
      </fieldset>
      <p className="note" aria-live="polite" data-testid="events-shown">
        {t('lifecycle.events.shown', { shown: shown.length, total: events.records.length })}
      </p>
      {shown.length === 0 ? (
        <p className="note">{t('lifecycle.events.none')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="group" aria-labelledby="events-title">
          <table className="grid-table" data-testid="event-rows">
            <thead>
              <tr>
                <th scope="col">{t('lifecycle.events.at')}</th>
                <th scope="col">{t('lifecycle.events.code')}</th>
                <th scope="col">{t('lifecycle.events.name')}</th>
                <th scope="col">{t('lifecycle.events.user')}</th>
                <th scope="col">{t('lifecycle.events.peer')}</th>
                <th scope="col">{t('lifecycle.events.watch')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.seq} data-testid="event-row" data-watch={r.watch ?? ''}>
                  <td>{new Date(r.at).toLocaleString(i18n.language)}</td>
                  <td>{r.code}</td>
                  <td>{r.name}</td>
                  <td>{r.user ?? ''}</td>
                  <td>{r.peer ?? ''}</td>
                  <td>
                    {r.watch ? (
                      <strong className="known-devices__warning">
                        <Icon name="warning" /> {t('lifecycle.events.watchMark', { title: watchTitle(r.watch) })}
                      </strong>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
