import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { paths } from '../../../config/paths';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Invite, Party } from '@partystream/shared/party/party.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { dateIn, timeIn, viewerTimeZone } from '../../../lib/format';
import { FormError } from '../../../components/ui/field';
import '../lobby.css';

/** /party/:token — the lobby before the start: countdown in the guest's zone, calendar file, and (host) invites. */
export function LobbyPage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const invite = params.get('invite') ?? undefined;
  const { t, i18n } = useTranslation();
  const tz = viewerTimeZone();
  const qs = invite ? `?invite=${encodeURIComponent(invite)}` : '';
  const party = useQuery({
    queryKey: ['party', token, invite],
    queryFn: async () => (await api.get<{ party: Party }>(`/parties/${token}${qs}`)).party,
    retry: false,
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  if (party.error) {
    return (
      <div className="container narrow card stack">
        <h1>{t('party.lobby.noAccess')}</h1>
        <p className="muted">{(party.error as ApiError).message}</p>
      </div>
    );
  }
  const p = party.data;
  if (!p) return <p className="container">{t('common.loading')}</p>;
  const start = Date.parse(p.startsAt);
  const left = Math.max(0, start - now);
  const parts = [
    Math.floor(left / 86_400_000),
    Math.floor(left / 3_600_000) % 24,
    Math.floor(left / 60_000) % 60,
    Math.floor(left / 1000) % 60,
  ];
  const started = now >= start;

  return (
    <div className={`container stack lobby theme-${p.theme}`}>
      <section className="card lobby-hero stack">
        <p className="muted">
          {p.role === 'guest' ? t('party.lobby.welcome', { name: p.guestLabel }) : t(`party.lobby.youAre.${p.role}`)}
        </p>
        <h1>{t('party.lobby.title', { host: p.hostName, dj: p.djStageName })}</h1>
        <p className="when">
          <strong>{dateIn(p.startsAt, tz, i18n.language)}</strong>, {timeIn(p.startsAt, tz, i18n.language)}–
          {timeIn(p.endsAt, tz, i18n.language)} <span className="muted">({tz})</span>
        </p>
        {started ? (
          <p className="alert alert-success" role="status">
            {t('party.lobby.started')}
          </p>
        ) : (
          <div className="countdown" role="timer" aria-label={t('party.lobby.startsIn')}>
            {(['days', 'hours', 'minutes', 'seconds'] as const).map((u, i) => (
              <div key={u} className="countdown-cell">
                <span className="countdown-n" data-testid={`countdown-${u}`}>
                  {String(parts[i]).padStart(2, '0')}
                </span>
                <span className="countdown-u">{t(`party.lobby.units.${u}`)}</span>
              </div>
            ))}
          </div>
        )}
        <div className="row">
          <Link className="btn btn-primary" to={paths.room.to(token, invite)}>
            {t('room.enter')}
          </Link>
          <a className="btn" href={`/api/parties/${token}/calendar.ics${qs}`} download="party.ics">
            {t('party.lobby.addToCalendar')}
          </a>
        </div>
      </section>
      {p.role === 'host' ? <Invites token={token} /> : null}
    </div>
  );
}

function Invites({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['party', token, 'invites'],
    queryFn: async () => (await api.get<{ invites: Invite[] }>(`/parties/${token}/invites`)).invites,
  });
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api.post<{ invite: Invite }>(`/parties/${token}/invites`, { label }),
    onSuccess: () => {
      setLabel('');
      setError(null);
      void qc.invalidateQueries({ queryKey: ['party', token, 'invites'] });
    },
    onError: (e) => setError(problemMessage(e, t)),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/parties/${token}/invites/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['party', token, 'invites'] }),
  });
  const live = (list.data ?? []).filter((i) => !i.revokedAt);
  return (
    <section className="card stack" aria-labelledby="inv-h">
      <h2 id="inv-h">{t('party.invites.title', { count: live.length })}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="field grow">
          <label htmlFor="guest-name">{t('party.invites.guestName')}</label>
          <input id="guest-name" value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <button className="btn btn-primary" type="submit" disabled={!label.trim() || create.isPending}>
          {t('party.invites.create')}
        </button>
      </form>
      <FormError message={error} />
      <ul className="invite-list">
        {list.data?.map((i) => (
          <li key={i.id} className={i.revokedAt ? 'revoked' : ''}>
            <div className="invite-main">
              <strong>{i.label}</strong>
              <span className="muted small">
                {i.revokedAt
                  ? t('party.invites.revoked')
                  : i.firstJoinedAt
                    ? t('party.invites.joined', { when: new Date(i.firstJoinedAt).toLocaleString(i18n.language) })
                    : t('party.invites.notYet')}
              </span>
            </div>
            {!i.revokedAt ? (
              <>
                <input
                  className="invite-link"
                  readOnly
                  value={i.link}
                  aria-label={t('party.invites.linkFor', { name: i.label })}
                  onFocus={(e) => e.target.select()}
                />
                <button className="btn" type="button" onClick={() => void navigator.clipboard?.writeText(i.link)}>
                  {t('party.invites.copy')}
                </button>
                <button className="btn btn-danger" type="button" onClick={() => revoke.mutate(i.id)}>
                  {t('party.invites.revoke')}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
