import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFeed, useCalendarActions, useSources } from '../api';

/** Other calendars whose busy times count (private ICS addresses), and this user's own party feed. */
export function OtherCalendars({ errorText }: { errorText(e: unknown): string }) {
  const { t, i18n } = useTranslation();
  const sources = useSources();
  const actions = useCalendarActions();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const when = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';

  async function attempt(fn: () => Promise<unknown>, ok: string) {
    setBusy(true);
    setMsg(null);
    try {
      await fn();
      setMsg({ ok: true, text: ok });
      return true;
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="card stack" aria-labelledby="cal-src">
        <h2 id="cal-src">{t('calendar.sources.title')}</h2>
        <p className="muted">{t('calendar.sources.help')}</p>
        <form
          className="row wrap"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await attempt(() => actions.addSource(url.trim()), t('calendar.sources.added'))) setUrl('');
          }}
        >
          <label className="grow">
            <span className="sr-only">{t('calendar.sources.url')}</span>
            <input
              type="url"
              inputMode="url"
              placeholder="https://calendar.google.com/calendar/ical/…/basic.ics"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              required
              aria-label={t('calendar.sources.url')}
            />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('calendar.sources.add')}
          </button>
        </form>
        {msg ? (
          <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? '' : 'cal-error'}>
            {msg.text}
          </p>
        ) : null}
        {sources.data?.length ? (
          <ul className="cal-list">
            {sources.data.map((s) => (
              <li key={s.id}>
                <span>
                  <strong>{s.label}</strong> <span className="muted">{s.urlHint}</span>
                  <br />
                  <small className={s.lastError ? 'cal-error' : 'muted'}>
                    {s.lastError
                      ? t('calendar.sources.failing', { when: when(s.nextSyncAt) })
                      : t('calendar.sources.synced', { count: s.busyCount, when: when(s.lastSyncedAt) })}
                  </small>
                </span>
                <span className="row">
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={busy}
                    onClick={() => void attempt(() => actions.refreshSource(s.id), t('calendar.sources.refreshed'))}
                  >
                    {t('calendar.sources.refresh')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm btn-danger"
                    disabled={busy}
                    onClick={() => void attempt(() => actions.removeSource(s.id), t('calendar.sources.removed'))}
                  >
                    {t('calendar.remove')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <FeedSection />
    </>
  );
}

/** The private subscription address of this user's parties. */
export function FeedSection() {
  const { t } = useTranslation();
  const feed = useFeed();
  const actions = useCalendarActions();
  const url = feed.data?.url;
  return (
    <section className="card stack" aria-labelledby="cal-feed">
      <h2 id="cal-feed">{t('calendar.feed.title')}</h2>
      <p className="muted">{t('calendar.feed.help')}</p>
      {url ? (
        <>
          <input readOnly value={url} aria-label={t('calendar.feed.title')} onFocus={(e) => e.currentTarget.select()} />
          <div className="row wrap">
            <button type="button" className="btn btn-sm" onClick={() => void navigator.clipboard?.writeText(url)}>
              {t('calendar.feed.copy')}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => void actions.makeFeed()}>
              {t('calendar.feed.rotate')}
            </button>
            <button type="button" className="btn btn-sm btn-danger" onClick={() => void actions.revokeFeed()}>
              {t('calendar.feed.revoke')}
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="btn" onClick={() => void actions.makeFeed()}>
          {t('calendar.feed.make')}
        </button>
      )}
    </section>
  );
}
