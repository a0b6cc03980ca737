import { useEffect } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../../config/paths';
import { useMe } from '../../../lib/auth';
import { problemMessage } from '../../../lib/problem-messages';
import { useInboxLive, useInboxPages, useMarkRead } from '../api';
import { InboxItem, useItemText } from './inbox-item';
import '../inbox.css';

/**
 * /inbox (issue 18): every notification, newest first, 20 at a time with "Load more" (keyset pages, so new items
 * arriving meanwhile do not shift what is loaded); each marked read on its own or all at once; live like the bell.
 * One column at 390 px, 44 px targets.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = Boolean(me.data);
  const pages = useInboxPages(signedIn);
  useInboxLive(signedIn);
  const mark = useMarkRead();
  const text = useItemText();

  useEffect(() => {
    document.title = `${t('inbox.title')} · PartyStream`;
  }, [t]);

  if (me.isPending) return null;
  if (!me.data) {
    return (
      <div className="container stack">
        <h1>{t('inbox.title')}</h1>
        <p>
          <Link to={paths.login.to(paths.inbox.to())}>{t('inbox.login')}</Link>
        </p>
      </div>
    );
  }
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = pages.data?.pages[0]?.unread ?? 0;

  return (
    <div className="container stack inbox-page">
      <div className="inbox-head">
        <h1>{t('inbox.title')}</h1>
        <button className="btn" type="button" disabled={!unread || mark.isPending} onClick={() => mark.mutate('all')}>
          {t('inbox.markAll')}
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {t('inbox.unreadCount', { count: unread })}
      </p>
      {pages.isPending ? <p className="muted">{t('common.loading')}</p> : null}
      {pages.error ? (
        <p role="alert" className="error">
          {problemMessage(pages.error, t)}
        </p>
      ) : null}
      {!pages.isPending && !items.length ? <p className="muted">{t('inbox.empty')}</p> : null}
      <ul className="inbox-list" aria-label={t('inbox.title')}>
        {items.map((n) => (
          <InboxItem key={n.id} n={n} text={text(n)} markRead={mark.mutate} dateStyle="medium" />
        ))}
      </ul>
      {pages.hasNextPage ? (
        <button
          className="btn inbox-more"
          type="button"
          disabled={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          {pages.isFetchingNextPage ? t('common.loading') : t('inbox.loadMore')}
        </button>
      ) : items.length > 0 ? (
        <p className="muted small">{t('inbox.end')}</p>
      ) : null}
      <p className="small">
        <Link to={paths.notifications.to()}>{t('inbox.settings')}</Link>
      </p>
    </div>
  );
}
