import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChangePasswordRequestSchema, type SessionInfo } from '@partystream/shared/auth/auth.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { useZodForm } from '../../../lib/use-zod-form';
import { Field, FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import { useAuthSubmit } from '../hooks/use-auth-submit';
import { useMe } from '../../../lib/auth';

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.account.to())} replace />;
  const user = me.data;
  return (
    <div className="container stack">
      {params.get('welcome') ? (
        <p className="alert alert-success" role="status">
          {t('auth.account.welcome', { name: user.displayName })}
        </p>
      ) : null}
      <h1>{t('auth.account.title')}</h1>
      <div className="account-grid">
        <section className="card stack" aria-labelledby="profile-h">
          <h2 id="profile-h">{t('auth.account.profile')}</h2>
          <dl className="facts">
            <dt>{t('auth.fields.displayName')}</dt>
            <dd>{user.displayName}</dd>
            <dt>{t('auth.fields.email')}</dt>
            <dd>{user.email}</dd>
            <dt>{t('auth.account.role')}</dt>
            <dd>{t(`auth.roles.${user.role}`)}</dd>
          </dl>
          <VerificationStatus verified={user.emailVerified} />
        </section>
        <ChangePassword />
      </div>
      <Sessions />
    </div>
  );
}

function VerificationStatus({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  const resend = useMutation({ mutationFn: () => api.post('/auth/verify-email/resend') });
  if (verified) return <p className="badge badge-ok">{t('auth.account.verified')}</p>;
  return (
    <div className="stack" aria-live="polite">
      <p className="alert">{t('auth.account.unverified')}</p>
      {resend.isSuccess ? (
        <p className="alert alert-success">{t('auth.account.resent')}</p>
      ) : (
        <button className="btn" type="button" onClick={() => resend.mutate()} disabled={resend.isPending}>
          {t('auth.account.resend')}
        </button>
      )}
      {resend.error ? <p className="alert alert-error">{(resend.error as Error).message}</p> : null}
    </div>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useZodForm(ChangePasswordRequestSchema, { currentPassword: '', newPassword: '' });
  const [ended, setEnded] = useState<number | null>(null);

  const { onSubmit } = useAuthSubmit(
    form,
    async (data) => {
      const res = await api.post<{ endedSessions: number }>('/auth/change-password', data);
      setEnded(res.endedSessions);
      form.set('currentPassword', '');
      form.set('newPassword', '');
      form.setFormError(null);
      void qc.invalidateQueries({ queryKey: ['auth', 'sessions'] });
    },
    { onError: () => setEnded(null) },
  );

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="pw-h">
      <h2 id="pw-h">{t('auth.account.changePassword')}</h2>
      <Field
        label={t('auth.fields.currentPassword')}
        type="password"
        autoComplete="current-password"
        error={form.errors.currentPassword}
        {...form.field('currentPassword')}
      />
      <Field
        label={t('auth.fields.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.fields.passwordHint')}
        error={form.errors.newPassword}
        {...form.field('newPassword')}
      />
      <FormError message={form.formError} />
      <div aria-live="polite">
        {ended !== null ? <p className="alert alert-success">{t('auth.account.passwordChanged', { count: ended })}</p> : null}
      </div>
      <button className="btn btn-primary" type="submit">
        {t('auth.account.changePassword')}
      </button>
    </form>
  );
}

function Sessions() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const sessions = useQuery({
    queryKey: ['auth', 'sessions'],
    queryFn: async () => (await api.get<{ sessions: SessionInfo[] }>('/auth/sessions')).sessions,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/auth/sessions/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['auth', 'sessions'] }),
  });
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="card stack" aria-labelledby="sessions-h">
      <h2 id="sessions-h">{t('auth.account.sessions')}</h2>
      {sessions.isPending ? <p>{t('common.loading')}</p> : null}
      {sessions.error ? <p className="alert alert-error">{(sessions.error as ApiError).message}</p> : null}
      <ul className="session-list">
        {sessions.data?.map((s) => (
          <li key={s.id} className="session-item">
            <div>
              <strong>{describeAgent(s.userAgent, t)}</strong>
              {s.current ? <span className="badge badge-ok">{t('auth.account.thisDevice')}</span> : null}
              <div className="muted">
                {t('auth.account.lastSeen', { when: fmt.format(new Date(s.lastSeenAt)) })}
                {s.ip ? ` · ${s.ip}` : ''}
              </div>
            </div>
            {!s.current ? (
              <button
                className="btn btn-danger"
                type="button"
                aria-label={t('auth.account.revokeNamed', { device: describeAgent(s.userAgent, t) })}
                onClick={() => revoke.mutate(s.id)}
                disabled={revoke.isPending}
              >
                {t('auth.account.revoke')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function describeAgent(ua: string | null, t: TFunction): string {
  if (!ua) return t('auth.account.unknownDevice');
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : ua.slice(0, 40);
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS X/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? t('auth.account.agentOn', { browser, os }) : browser;
}
