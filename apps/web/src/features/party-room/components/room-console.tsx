import { memo, useEffect } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PARTY_END_EVENTS, type PartyWrap, type RoomSnapshot } from '@partystream/shared/party/party.events';
import { problemMessage } from '../../../lib/problem-messages';
import { paths } from '../../../config/paths';
import { useAct, useRoom } from '../use-room';
import { ChatPanel } from './chat-panel';
import { PollsPanel } from './polls-panel';
import { RequestsPanel } from './requests-panel';
import { ViewerList } from './viewer-list';
import '../room.css';

/**
 * The party room as the DJ's go-live console needs it, in one column beside the preview: who is here, the chat,
 * song requests to play and mark played, polls, and the button that ends the party for everyone. The same
 * panels as the room; `onEnded` lets the page stop publishing once the party is over, `onTheme` hears the party's
 * theme when the room is joined and each time the host changes it (`theme.changed`).
 */
export const RoomConsole = memo(function RoomConsole({
  token,
  onEnded,
  onTheme,
}: {
  token: string;
  onEnded: () => void;
  onTheme?: (theme: RoomSnapshot['theme']) => void;
}) {
  const { t } = useTranslation();
  const { snap, setSnap, error, send } = useRoom(token, undefined);
  const theme = snap?.theme;
  useEffect(() => {
    if (theme) onTheme?.(theme);
  }, [theme, onTheme]);
  const { act, flash } = useAct(send, (e) => problemMessage(e, t));
  const ended = snap?.ended ?? null;
  useEffect(() => {
    if (ended) onEnded();
    // Stop once, when the party ends (onEnded changes identity every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ended]);

  if (error)
    return (
      <p className="alert alert-error" role="alert">
        {error}
      </p>
    );
  if (!snap) return <p className="muted">{t('common.loading')}</p>;
  const end = async () => {
    if (!window.confirm(t('room.endConfirm'))) return;
    const wrap = await act<PartyWrap>(PARTY_END_EVENTS.end, {});
    if (wrap) setSnap((x) => (x ? { ...x, ended: wrap } : x));
  };
  return (
    <div className="stack room-console" data-testid="room-console">
      <h2 className="visually-hidden">{t('stream.console.room')}</h2>
      <section className="card stack">
        <ViewerList presence={snap.presence} />
        {ended ? (
          <div role="status" className="stack tight" data-testid="console-wrap">
            <strong>{t('room.wrap.title')}</strong>
            <span className="muted small">{t('room.wrap.djNext')}</span>
            {snap.party.bookingId ? (
              <Link className="btn" to={paths.booking.to(snap.party.bookingId)}>
                {t('room.wrap.seeBooking')}
              </Link>
            ) : null}
          </div>
        ) : (
          <button type="button" className="btn btn-danger" onClick={() => void end()}>
            {t('room.endParty')}
          </button>
        )}
        {flash ? (
          <p className="alert alert-error" role="alert">
            {flash}
          </p>
        ) : null}
      </section>
      <ChatPanel snap={snap} act={act} />
      <RequestsPanel
        list={snap.requests}
        isDj
        token={token}
        staff
        act={act}
        onVoted={(id) =>
          setSnap((x) => (x ? { ...x, requests: x.requests.map((r) => (r.id === id ? { ...r, votedByMe: true } : r)) } : x))
        }
      />
      <PollsPanel
        polls={snap.polls}
        staff
        act={act}
        onVoted={(p) => setSnap((x) => (x ? { ...x, polls: x.polls.map((o) => (o.id === p.id ? { ...p } : o)) } : x))}
      />
    </div>
  );
});
