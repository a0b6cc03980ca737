import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Invite } from '@partystream/shared/party/party.schemas';
import type { Problem } from '@partystream/shared/problem';
import { api } from '../../../lib/api-client';
import { fieldMessages, problemMessage } from '../../../lib/problem-messages';
import { viewerTimeZone } from '../../../lib/format';
import { currentLanguage } from '../../../lib/i18n';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../../lib/locale';
import { getSocket } from '../../../lib/realtime';
import { Field, FormError } from '../../../components/ui/field';

/**
 * The host's guest list (issue 18): a guest's name and, optionally, their email — then the invite link is also
 * mailed to them, in the chosen language (their own when they have an account), with times in the host's zone.
 * Each guest shows whether they opened the link and their RSVP, updated live when a guest answers.
 */
export function InvitesPanel({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const key = ['party', token, 'invites'];
  const list = useQuery({
    queryKey: key,
    queryFn: async () => (await api.get<{ invites: Invite[] }>(`/parties/${token}/invites`)).invites,
  });
  useEffect(() => {
    const s = getSocket();
    const refresh = () => void qc.invalidateQueries({ queryKey: ['party', token, 'invites'] });
    s.on('party.rsvp_changed', refresh);
    return () => {
      s.off('party.rsvp_changed', refresh);
    };
  }, [qc, token]);
  const [label, setLabel] = useState('');
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<Language>(currentLanguage());
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () =>
      api.post<{ invite: Invite }>(`/parties/${token}/invites`, {
        label,
        ...(email.trim() ? { email: email.trim(), locale, timeZone: viewerTimeZone() } : {}),
      }),
    onSuccess: () => {
      setLabel('');
      setEmail('');
      setError(null);
      setFields({});
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      const p = (e as { problem?: Problem }).problem;
      const f = fieldMessages(p?.errors ?? [], t, { language: i18n.language });
      setFields(f);
      setError(Object.keys(f).length ? null : problemMessage(e, t));
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/parties/${token}/invites/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const live = (list.data ?? []).filter((i) => !i.revokedAt);
  const status = (i: Invite) => {
    if (i.revokedAt) return t('party.invites.revoked');
    const parts: string[] = [];
    if (i.rsvp) parts.push(t(`party.invites.rsvp.${i.rsvp}`));
    else if (i.email) parts.push(t('party.invites.rsvp.waiting', { email: i.email }));
    parts.push(
      i.firstJoinedAt
        ? t('party.invites.joined', { when: new Date(i.firstJoinedAt).toLocaleString(i18n.language) })
        : t('party.invites.notYet'),
    );
    return parts.join(' · ');
  };
  return (
    <section className="card stack" aria-labelledby="inv-h">
      <h2 id="inv-h">{t('party.invites.title', { count: live.length })}</h2>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="row invite-form">
          <Field
            id="guest-name"
            label={t('party.invites.guestName')}
            value={label}
            maxLength={60}
            error={fields.label}
            aria-invalid={!!fields.label}
            aria-describedby={fields.label ? 'guest-name-error' : undefined}
            onChange={(e) => setLabel(e.target.value)}
          />
          <Field
            id="guest-email"
            type="email"
            autoComplete="off"
            label={t('party.invites.guestEmail')}
            hint={t('party.invites.emailHint')}
            value={email}
            maxLength={254}
            error={fields.email}
            aria-invalid={!!fields.email}
            aria-describedby={fields.email ? 'guest-email-error' : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          {email.trim() ? (
            <div className="field">
              <label htmlFor="guest-language">{t('party.invites.mailLanguage')}</label>
              <select id="guest-language" value={locale} onChange={(e) => setLocale(e.target.value as Language)}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LANGUAGE_NAMES[l]}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <div className="row">
          <button className="btn btn-primary" type="submit" disabled={!label.trim() || create.isPending}>
            {email.trim() ? t('party.invites.send') : t('party.invites.create')}
          </button>
        </div>
      </form>
      <FormError message={error} />
      <ul className="invite-list">
        {list.data?.map((i) => (
          <li key={i.id} className={i.revokedAt ? 'revoked' : ''} data-testid="invite">
            <div className="invite-main">
              <strong>{i.label}</strong>
              <span className="muted small">{status(i)}</span>
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
