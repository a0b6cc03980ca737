import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CROWD_EVENTS } from '@partystream/shared/party/party.events';
import type { CrowdStatus } from '@partystream/shared/review/review.schemas';
import type { Ack } from '@partystream/shared/problem';
import { getSocket } from '../../../lib/realtime';
import { StarInput } from './stars';
import '../review.css';

/**
 * The crowd's one-tap rating at the end of the party: shown to a guest who watched long enough, over the party
 * room's socket (the server checks again). Asks on mount (after the room join) and when the server opens it.
 */
export function CrowdRating() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<CrowdStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const s = getSocket();
    const ask = () =>
      s.emit(CROWD_EVENTS.status, {}, (a: Ack<CrowdStatus>) => {
        if (a.ok) setStatus(a.data);
      });
    // The room join runs on the same socket; ask once it has had time to finish, and again on reconnects.
    const timer = setTimeout(ask, 800);
    const opened = (p: CrowdStatus) => setStatus(p);
    s.on(CROWD_EVENTS.opened, opened);
    s.on('connect', ask);
    return () => {
      clearTimeout(timer);
      s.off(CROWD_EVENTS.opened, opened);
      s.off('connect', ask);
    };
  }, []);
  if (!status || (!status.eligible && status.rated === null)) return null;
  return (
    <section className="card stack crowd-prompt" aria-labelledby="crowd-h" data-testid="crowd-rating">
      <h2 id="crowd-h">{status.rated ? t('review.crowdThanks') : t('review.crowdAsk')}</h2>
      {status.rated === null ? (
        <StarInput
          name="crowd"
          label={t('review.crowdLegend')}
          value={0}
          error={error ?? undefined}
          onChange={(stars) =>
            getSocket().emit(CROWD_EVENTS.rate, { stars }, (a: Ack<CrowdStatus>) => {
              if (a.ok) setStatus(a.data);
              else setError(a.problem.detail ?? a.problem.title);
            })
          }
        />
      ) : (
        <p aria-label={t('review.starsOf5', { value: status.rated })}>{'★'.repeat(status.rated)}</p>
      )}
    </section>
  );
}
