import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SongRequestView } from '@partystream/shared/party/party.events';
import type { Act } from '../use-room';

/** Song requests: anyone asks and upvotes; the DJ plays, marks played (the set list) or declines. */
export function RequestsPanel({
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
  act: Act;
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
                onClick={async () => {
                  if ((await act('request.vote', { id: r.id })) !== null) onVoted(r.id);
                }}
              >
                {/* The name is "Upvote <title> <votes>": the visible count is part of it (WCAG 2.5.3). */}
                <span className="visually-hidden">{t('room.upvote', { title: r.title })} </span>
                <span aria-hidden>▲</span> {r.votes}
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
