import type { ComponentType, ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { REACTIONS, THEMES } from '@partystream/shared/party/party.events';
import { useAct, useRoom } from '../use-room';
import '../room.css';
import { problemMessage } from '../../../lib/problem-messages';
import { ChatPanel } from './chat-panel';
import { PollsPanel } from './polls-panel';
import { RequestsPanel } from './requests-panel';
import { ViewerList } from './viewer-list';
import { WrapScreen } from './wrap-screen';

/** What the room hands its player: the party and who is on stage, shown over the picture (and in fullscreen). */
export interface PlayerProps {
  token: string;
  invite?: string;
  title: string;
  subtitle: string;
}

/**
 * /party/:token/room — video, chat, song requests, polls, reactions and theme; fits a phone and a desktop. Once
 * the party has ended it shows the wrap screen instead, with `afterParty` (the crowd rating) for guests.
 */
export function PartyRoomPage({ player: Player, afterParty }: { player?: ComponentType<PlayerProps>; afterParty?: ReactNode }) {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const invite = params.get('invite') ?? undefined;
  const { t } = useTranslation();
  const { snap, setSnap, error, removed, bursts, send } = useRoom(token, invite);
  const { act, flash } = useAct(send, (e) => problemMessage(e, t));

  if (removed)
    return (
      <div className="container narrow card" role="alert">
        <h1>{t('room.removedTitle')}</h1>
        <p>{removed}</p>
      </div>
    );
  if (error)
    return (
      <div className="container narrow card" role="alert">
        <h1>{t('room.noAccess')}</h1>
        <p className="muted">{error}</p>
      </div>
    );
  if (!snap) return <p className="container">{t('common.loading')}</p>;
  const staff = snap.role !== 'guest';
  const title = t('room.partyOf', { host: snap.party.hostName });
  const subtitle = t('room.djOnStage', { dj: snap.party.djStageName });

  if (snap.ended)
    return (
      <div className={`room theme-${snap.theme}`} data-theme={snap.theme}>
        <div className="room-overlay" aria-hidden />
        <WrapScreen
          wrap={snap.ended}
          title={title}
          subtitle={subtitle}
          role={snap.role}
          bookingId={snap.party.bookingId}
          afterParty={snap.role === 'guest' ? afterParty : null}
        />
      </div>
    );

  return (
    <div className={`room theme-${snap.theme}`} data-theme={snap.theme}>
      <div className="room-overlay" aria-hidden />
      <header className="room-head">
        <h1 data-testid="party-name">{title}</h1>
        <p data-testid="dj-name">{subtitle}</p>
      </header>
      <div className="room-grid">
        <section className="stage" aria-label={t('room.stage')}>
          <div className="video-box">
            {Player ? (
              <Player token={token} invite={invite} title={title} subtitle={subtitle} />
            ) : (
              <p className="video-placeholder">{t('room.waitingForStream')}</p>
            )}
            <div className="bursts" aria-hidden>
              {bursts.map((b) => (
                <span key={b.id} className="burst" style={{ left: `${b.x}%` }}>
                  {b.emoji}
                </span>
              ))}
            </div>
          </div>
          <div className="row stage-bar">
            <span className="presence" data-testid="presence">
              {t('room.here', { count: snap.presence.count })}
            </span>
            <div className="reactions" role="group" aria-label={t('room.react')}>
              {REACTIONS.map((e) => (
                <button
                  key={e}
                  type="button"
                  className="reaction"
                  aria-label={t('room.reactWith', { emoji: e })}
                  onClick={() => void act('reaction.send', { emoji: e })}
                >
                  {e}
                </button>
              ))}
            </div>
          </div>
          {staff ? <ViewerList presence={snap.presence} /> : null}
          {snap.role === 'host' ? (
            <div className="row theme-picker" role="group" aria-label={t('room.theme')}>
              <span className="muted small">{t('room.theme')}</span>
              {THEMES.map((th) => (
                <button
                  key={th}
                  type="button"
                  className={`chip${snap.theme === th ? ' on' : ''}`}
                  aria-pressed={snap.theme === th}
                  onClick={() => void act('theme.set', { theme: th })}
                >
                  {t(`room.themes.${th}`)}
                </button>
              ))}
            </div>
          ) : null}
          {flash ? (
            <p className="alert alert-error" role="alert">
              {flash}
            </p>
          ) : null}
        </section>
        <ChatPanel snap={snap} act={act} />
        <RequestsPanel
          list={snap.requests}
          isDj={snap.role === 'dj'}
          token={token}
          staff={staff}
          act={act}
          onVoted={(id) =>
            setSnap((x) => (x ? { ...x, requests: x.requests.map((r) => (r.id === id ? { ...r, votedByMe: true } : r)) } : x))
          }
        />
        <PollsPanel
          polls={snap.polls}
          staff={staff}
          act={act}
          onVoted={(p) => setSnap((x) => (x ? { ...x, polls: x.polls.map((o) => (o.id === p.id ? { ...p } : o)) } : x))}
        />
      </div>
      <p className="container muted small row">
        <Link to={`/party/${token}${invite ? `?invite=${invite}` : ''}`}>{t('room.backToLobby')}</Link>
        {snap.role === 'dj' ? (
          <Link className="btn btn-primary" to={`/party/${token}/live`}>
            {t('room.goLive')}
          </Link>
        ) : null}
      </p>
    </div>
  );
}
