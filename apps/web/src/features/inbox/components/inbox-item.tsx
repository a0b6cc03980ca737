/** One inbox item, in the bell's panel and on the inbox page (issue 18): a link to its booking and "Mark read". */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@partystream/shared/notification/notification.schemas';
import { paths } from '../../../config/paths';
import { dateIn, timeIn, viewerTimeZone } from '../../../lib/format';

/** One line per item, in the reader's language; the kind is the mail key of the process row that wrote it. */
export function useItemText() {
  const { t, i18n } = useTranslation();
  const tz = viewerTimeZone();
  return (n: Notification) => {
    const at = n.data.startsAt;
    const when = at ? `${dateIn(at, tz, i18n.language, 'short')}, ${timeIn(at, tz, i18n.language)}` : '';
    return t(`inbox.kinds.${n.kind}`, { when, defaultValue: t('inbox.kinds.other', { when }) });
  };
}

/** Opening the link marks the item read (and calls `onOpen`, e.g. to close the bell's panel). */
export function InboxItem({
  n,
  text,
  markRead,
  dateStyle,
  onOpen,
}: {
  n: Notification;
  text: string;
  markRead: (id: string) => void;
  dateStyle: 'short' | 'medium';
  onOpen?: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <li className={n.readAt ? 'read' : 'unread'}>
      <Link
        to={n.data.bookingId ? paths.booking.to(n.data.bookingId) : paths.bookings.to()}
        onClick={() => {
          if (!n.readAt) markRead(n.id);
          onOpen?.();
        }}
      >
        <span>
          {n.readAt ? null : <span className="visually-hidden">{t('inbox.unread')} </span>}
          {text}
        </span>
        <time className="muted small" dateTime={n.createdAt}>
          {new Date(n.createdAt).toLocaleString(i18n.language, { dateStyle, timeStyle: 'short' })}
        </time>
      </Link>
      {n.readAt ? null : (
        <button className="btn" type="button" aria-label={t('inbox.markReadOne', { what: text })} onClick={() => markRead(n.id)}>
          {t('inbox.markRead')}
        </button>
      )}
    </li>
  );
}
