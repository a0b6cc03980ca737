import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PartyWrap } from '@partystream/shared/party/party.events';
import { timeIn, viewerTimeZone } from '../../../lib/format';
import { paths } from '../../../config/paths';

/**
 * "That's a wrap": shown to everyone in the room once the party has ended — the set list (requests the DJ marked
 * played, in play order) and what comes next: the host's review, the DJ's booking, the guests' crowd rating.
 */
export function WrapScreen({
  wrap,
  title,
  subtitle,
  role,
  bookingId,
  afterParty,
}: {
  wrap: PartyWrap;
  title: string;
  subtitle: string;
  role: 'dj' | 'host' | 'guest';
  bookingId: string | null;
  afterParty?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const tz = viewerTimeZone();
  return (
    <div className="container narrow stack wrap-screen" data-testid="wrap-screen">
      <section className="card stack" aria-labelledby="wrap-h">
        <p className="muted small">{title}</p>
        <h1 id="wrap-h">{t('room.wrap.title')}</h1>
        <p>
          {wrap.endedBy === 'dj' ? t('room.wrap.endedByDj', { subtitle }) : t('room.wrap.timeUp')}{' '}
          <span className="muted">{timeIn(wrap.endedAt, tz, i18n.language)}</span>
        </p>
      </section>
      <section className="card stack" aria-labelledby="setlist-h">
        <h2 id="setlist-h">{t('room.wrap.setList')}</h2>
        {wrap.setList.length === 0 ? (
          <p className="muted">{t('room.wrap.noSetList')}</p>
        ) : (
          <ol className="setlist" data-testid="set-list">
            {wrap.setList.map((s, i) => (
              <li key={i}>
                <strong>{s.title}</strong> — {s.artist}
                <span className="muted small"> · {t('room.wrap.requestedBy', { name: s.requestedByName })}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card stack" aria-labelledby="next-h">
        <h2 id="next-h">{t('room.wrap.next')}</h2>
        {role === 'host' && bookingId ? (
          <>
            <p>{t('room.wrap.hostNext')}</p>
            <div className="row">
              <Link className="btn btn-primary" to={paths.review.to(bookingId)}>
                {t('room.wrap.leaveReview')}
              </Link>
              <Link className="btn" to={paths.booking.to(bookingId)}>
                {t('room.wrap.seeBooking')}
              </Link>
            </div>
          </>
        ) : null}
        {role === 'dj' && bookingId ? (
          <>
            <p>{t('room.wrap.djNext')}</p>
            <Link className="btn btn-primary" to={paths.booking.to(bookingId)}>
              {t('room.wrap.seeBooking')}
            </Link>
          </>
        ) : null}
        {role === 'guest' ? <p>{t('room.wrap.guestNext')}</p> : null}
        {afterParty}
      </section>
    </div>
  );
}
