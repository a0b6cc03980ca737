import { useEffect, useRef, useState, type ComponentType } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  REACTIONS,
  THEMES,
  type PollView,
  type RoomSnapshot,
  type SongRequestView,
} from '@partystream/shared/party/party.events';
import { timeIn, viewerTimeZone } from '../../../lib/format';
import { useRoom } from '../use-room';
import '../room.css';
import { problemMessage } from '../../../lib/problem-messages';

/** /party/:token/room — video, chat, song requests, polls, reactions and theme; fits a phone and a desktop. */
export function PartyRoomPage({ player: Player }: { player?: ComponentType<{ token: string; invite?: string }> }) {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const invite = params.get('invite') ?? undefined;
  const { t } = useTranslation();
  const { snap, setSnap, error, removed, bursts, send } = useRoom(token, invite);
  const [flash, setFlash] = useState<string | null>(null);
  const act = async <T,>(event: string, payload: unknown): Promise<T | null> => {
    try {
      setFlash(null);
      return await send<T>(event, payload);
    } catch (e) {
      setFlash(problemMessage(e, t));
      return null;
    }
  };

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

  return (
    <div className={`room theme-${snap.theme}`} data-theme={snap.theme}>
      <div className="room-overlay" aria-hidden />
      <div className="room-grid">
        <section className="stage" aria-label={t('room.stage')}>
          <div className="video-box">
            {Player ? (
              <Player token={token} invite={invite} />
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
        <Chat snap={snap} act={act} />
        <Requests
          list={snap.requests}
          isDj={snap.role === 'dj'}
          token={token}
          staff={staff}
          act={act}
          onVoted={(id) =>
            setSnap((x) => (x ? { ...x, requests: x.requests.map((r) => (r.id === id ? { ...r, votedByMe: true } : r)) } : x))
          }
        />
        <Polls
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

function Chat({ snap, act }: { snap: RoomSnapshot; act: <T>(e: string, p: unknown) => Promise<T | null> }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [reported, setReported] = useState<Set<string>>(new Set());
  const list = useRef<HTMLOListElement>(null);
  const tz = viewerTimeZone();
  const staff = snap.role !== 'guest';
  const messages = snap.messages;
  useEffect(() => {
    // Scroll the list only (scrollIntoView would also scroll the page under a reader).
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);
  const remove = (inviteId: string, name: string) => {
    if (window.confirm(t('room.removeConfirm', { name }))) void act('guest.remove', { inviteId });
  };
  return (
    <section className="panel chat" aria-labelledby="chat-h">
      <h2 id="chat-h">{t('room.chat')}</h2>
      <ol ref={list} className="messages" aria-live="polite" aria-relevant="additions">
        {messages.map((m) => {
          const guestId = m.authorInviteId;
          const mine = guestId !== null && guestId === snap.me.inviteId;
          const isMuted = guestId !== null && snap.muted.includes(guestId);
          return (
            <li key={m.id} className={`msg role-${m.authorRole}`}>
              <span className="msg-author">{m.authorName}</span>{' '}
              <span className="msg-time muted">{timeIn(m.createdAt, tz, i18n.language)}</span>
              <p className="msg-text">{m.text}</p>
              <div className="msg-actions">
                {staff && guestId ? (
                  <>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void act(isMuted ? 'guest.unmute' : 'guest.mute', { inviteId: guestId })}
                    >
                      {isMuted ? t('room.unmuteGuest', { name: m.authorName }) : t('room.muteGuest', { name: m.authorName })}
                    </button>
                    <button type="button" className="link-button" onClick={() => remove(guestId, m.authorName)}>
                      {t('room.removeGuest', { name: m.authorName })}
                    </button>
                  </>
                ) : null}
                {!staff && !mine && m.authorRole === 'guest' ? (
                  reported.has(m.id) ? (
                    <span className="muted small">{t('room.reported')}</span>
                  ) : (
                    <button
                      type="button"
                      className="link-button"
                      onClick={async () => {
                        if ((await act('chat.report', { id: m.id })) !== null) setReported((r) => new Set(r).add(m.id));
                      }}
                    >
                      {t('room.report')}
                    </button>
                  )
                ) : null}
              </div>
              {staff ? (
                <button
                  type="button"
                  className="msg-delete"
                  aria-label={t('room.deleteMessage')}
                  onClick={() => void act('chat.delete', { id: m.id })}
                >
                  ×
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
      {snap.me.muted ? (
        <p className="muted small" role="status">
          {t('room.youAreMuted')}
        </p>
      ) : null}
      <form
        className="row chat-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (text.trim() && (await act('chat.send', { text })) !== null) setText('');
        }}
      >
        <label htmlFor="chat-input" className="visually-hidden">
          {t('room.message')}
        </label>
        <input
          id="chat-input"
          value={text}
          maxLength={500}
          disabled={snap.me.muted}
          placeholder={t('room.messagePlaceholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button className="btn btn-primary" type="submit" disabled={snap.me.muted}>
          {t('room.send')}
        </button>
      </form>
    </section>
  );
}

function Requests({
  list,
  isDj,
  token,
  staff,
  act,
  onVoted,
}: {
  list: SongRequestView[];
  isDj: boolean;
  token: string;
  staff: boolean;
  act: <T>(e: string, p: unknown) => Promise<T | null>;
  onVoted: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [artist, setArtist] = useState('');
  return (
    <section className="panel" aria-labelledby="req-h">
      <h2 id="req-h">{t('room.requests')}</h2>
      <form
        className="stack tight"
        onSubmit={async (e) => {
          e.preventDefault();
          if ((await act('request.create', { title, artist })) !== null) {
            setTitle('');
            setArtist('');
          }
        }}
      >
        <div className="row two">
          <input
            aria-label={t('room.songTitle')}
            placeholder={t('room.songTitle')}
            value={title}
            maxLength={120}
            onChange={(e) => setTitle(e.target.value)}
          />
          <input
            aria-label={t('room.songArtist')}
            placeholder={t('room.songArtist')}
            value={artist}
            maxLength={120}
            onChange={(e) => setArtist(e.target.value)}
          />
        </div>
        <button className="btn" type="submit" disabled={!title.trim() || !artist.trim()}>
          {t('room.request')}
        </button>
      </form>
      <ol className="queue">
        {list.map((r) => (
          <li key={r.id} className={`req status-${r.status}`}>
            <div>
              <strong>{r.title}</strong> — {r.artist}
              <div className="muted small">
                {t(`room.status.${r.status}`)} · {t('room.votes', { count: r.votes })} · {r.requestedByName}
              </div>
            </div>
            {r.status === 'queued' ? (
              <button
                type="button"
                className="btn"
                disabled={r.votedByMe}
                aria-label={t('room.upvote', { title: r.title })}
                onClick={async () => {
                  if ((await act('request.vote', { id: r.id })) !== null) onVoted(r.id);
                }}
              >
                ▲ {r.votes}
              </button>
            ) : null}
            {isDj && (r.status === 'queued' || r.status === 'playing') ? (
              <div className="row">
                {r.status === 'queued' ? (
                  <button
                    type="button"
                    className="btn"
                    onClick={() => void act('request.set_status', { id: r.id, status: 'playing' })}
                  >
                    {t('room.play')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="btn"
                  onClick={() => void act('request.set_status', { id: r.id, status: 'played' })}
                >
                  {t('room.played')}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() => void act('request.set_status', { id: r.id, status: 'declined' })}
                >
                  {t('room.decline')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {staff ? (
        <a className="small" href={`/api/parties/${token}/setlist.csv`} download>
          {t('room.exportSetlist')}
        </a>
      ) : null}
    </section>
  );
}

function Polls({
  polls,
  staff,
  act,
  onVoted,
}: {
  polls: PollView[];
  staff: boolean;
  act: <T>(e: string, p: unknown) => Promise<T | null>;
  onVoted: (p: PollView) => void;
}) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  return (
    <section className="panel" aria-labelledby="poll-h">
      <h2 id="poll-h">{t('room.polls')}</h2>
      {staff ? (
        <form
          className="stack tight"
          onSubmit={async (e) => {
            e.preventDefault();
            if (
              (await act('poll.create', {
                question,
                options: options
                  .split(',')
                  .map((o) => o.trim())
                  .filter(Boolean),
              })) !== null
            ) {
              setQuestion('');
              setOptions('');
            }
          }}
        >
          <input
            aria-label={t('room.pollQuestion')}
            placeholder={t('room.pollQuestion')}
            value={question}
            maxLength={140}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <input
            aria-label={t('room.pollOptions')}
            placeholder={t('room.pollOptions')}
            value={options}
            onChange={(e) => setOptions(e.target.value)}
          />
          <button className="btn" type="submit" disabled={!question.trim()}>
            {t('room.openPoll')}
          </button>
        </form>
      ) : null}
      {polls.length === 0 ? <p className="muted small">{t('room.noPolls')}</p> : null}
      {[...polls].reverse().map((p) => {
        const total = p.counts.reduce((a, b) => a + b, 0);
        return (
          <div key={p.id} className="poll">
            <h3>
              {p.question} {p.closed ? <span className="muted small">({t('room.closed')})</span> : null}
            </h3>
            {p.options.map((o, i) => (
              <button
                key={i}
                type="button"
                className={`poll-option${p.myVote === i ? ' mine' : ''}`}
                disabled={p.closed}
                aria-pressed={p.myVote === i}
                onClick={async () => {
                  const r = await act<PollView>('poll.vote', { id: p.id, option: i });
                  if (r) onVoted(r);
                }}
              >
                <span className="poll-bar" style={{ width: `${total ? (p.counts[i]! / total) * 100 : 0}%` }} />
                <span className="poll-label">{o}</span>
                <span className="poll-count">{p.counts[i]}</span>
              </button>
            ))}
            {staff && !p.closed ? (
              <button type="button" className="btn small" onClick={() => void act('poll.close', { id: p.id })}>
                {t('room.closePoll')}
              </button>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
