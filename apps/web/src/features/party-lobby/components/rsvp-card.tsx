import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RsvpAnswer } from '@partystream/shared/party/party.schemas';
import { api } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { FormError } from '../../../components/ui/field';

/**
 * A guest invited by email answers yes or no, with the invite code from their link (no account). A mailed link's
 * `rsvp=` only preselects: opening a link (a mail scanner does) never answers; the guest's click does.
 */
export function RsvpCard(props: { token: string; invite: string; answer: RsvpAnswer | null; suggested?: RsvpAnswer }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (answer: RsvpAnswer) => api.put(`/parties/${props.token}/rsvp`, { invite: props.invite, answer }),
    onSuccess: () => {
      setError(null);
      void qc.invalidateQueries({ queryKey: ['party', props.token] });
    },
    onError: (e) => setError(problemMessage(e, t)),
  });
  const current = props.answer;
  return (
    <section className="card stack" aria-labelledby="rsvp-h">
      <h2 id="rsvp-h">{t('party.rsvp.question')}</h2>
      <p role="status" className="muted">
        {current ? t(`party.rsvp.answered.${current}`) : props.suggested ? t('party.rsvp.confirm') : t('party.rsvp.notYet')}
      </p>
      <div className="row">
        {(['yes', 'no'] as const).map((a) => (
          <button
            key={a}
            type="button"
            className={`btn${(current ?? props.suggested) === a ? ' btn-primary' : ''}`}
            aria-pressed={current === a}
            disabled={send.isPending}
            onClick={() => send.mutate(a)}
          >
            {t(`party.rsvp.${a}`)}
          </button>
        ))}
      </div>
      <FormError message={error} />
    </section>
  );
}
