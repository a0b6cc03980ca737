import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollView } from '@partystream/shared/party/party.events';
import type { Act } from '../use-room';

/** Polls: the DJ and host open and close them, everyone votes once and sees the counts move. */
export function PollsPanel({
  polls,
  staff,
  act,
  onVoted,
}: {
  polls: PollView[];
  staff: boolean;
  act: Act;
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
