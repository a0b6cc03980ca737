import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../../config/paths';
import { useInbox, useInboxLive, useMarkRead } from '../api';
import { InboxItem, useItemText } from './inbox-item';
import '../inbox.css';

/**
 * The header bell (issue 18): a button whose accessible name carries the unread count, live over the app's socket;
 * it opens a panel of the latest items, each a link to its booking (opening marks it read) with its own "Mark read",
 * and "Mark all read". Escape or a click outside closes the panel and gives focus back to the bell.
 */
export function InboxBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const inbox = useInbox(true);
  useInboxLive(true);
  const mark = useMarkRead();
  const text = useItemText();
  const box = useRef<HTMLDivElement>(null);
  const bell = useRef<HTMLButtonElement>(null);
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    bell.current?.focus();
  };

  return (
    <div
      className="inbox"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) close();
      }}
    >
      <button
        ref={bell}
        type="button"
        className="btn inbox-bell"
        aria-label={t('inbox.bell', { count: unread })}
        aria-expanded={open}
        aria-controls="inbox-panel"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? (
          <span className="inbox-count" aria-hidden="true" data-testid="inbox-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id="inbox-panel" className="inbox-panel card" aria-labelledby="inbox-title">
          <div className="inbox-head">
            <h2 id="inbox-title">{t('inbox.title')}</h2>
            <button className="btn" type="button" disabled={!unread || mark.isPending} onClick={() => mark.mutate('all')}>
              {t('inbox.markAll')}
            </button>
          </div>
          {inbox.isPending ? <p className="muted">{t('common.loading')}</p> : null}
          {!inbox.isPending && !items.length ? <p className="muted">{t('inbox.empty')}</p> : null}
          <ul className="inbox-list">
            {items.map((n) => (
              <InboxItem key={n.id} n={n} text={text(n)} markRead={mark.mutate} dateStyle="short" onOpen={() => setOpen(false)} />
            ))}
          </ul>
          <p className="inbox-all">
            <Link to={paths.inbox.to()} onClick={() => setOpen(false)}>
              {t('inbox.seeAll')}
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
