import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { paths } from '../../../config/paths';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Party } from '@partystream/shared/party/party.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { dateIn, timeIn, viewerTimeZone } from '../../../lib/format';
import { InvitesPanel } from './invites-panel';
import { RsvpCard } from './rsvp-card';
import '../lobby.css';

/** /party/:token — the lobby before the start: countdown in the guest's zone, calendar file, and (host) invites. */
export function LobbyPage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const invite = params.get('invite') ?? undefined;
  const rsvpParam = params.get('rsvp');
  const suggested = rsvpParam === 'yes' || rsvpParam === 'no' ? rsvpParam : undefined;
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
      {p.role === 'guest' && p.rsvp && invite ? (
        <RsvpCard token={token} invite={invite} answer={p.rsvp.answer} suggested={suggested} />
      ) : null}
      {p.role === 'host' ? <InvitesPanel token={token} /> : null}
    </div>
  );
}
