import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { api, ApiError } from '../../../lib/api-client';
import { paths } from '../../../config/paths';
import { meQueryKey, useMe } from '../../../lib/auth';

/** Landing page of the mailed link: spends the token once, then offers the way on (or a new link). */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<'working' | 'done' | 'failed'>(token ? 'working' : 'failed');
  const [error, setError] = useState(token ? '' : t('auth.verify.noToken'));
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return; // StrictMode mounts twice; a token works once.
    sent.current = true;
    api
      .post<{ user: User }>('/auth/verify-email', { token })
      .then(() => {
        setState('done');
        void qc.invalidateQueries({ queryKey: meQueryKey });
      })
      .catch((e) => {
        setError(e instanceof ApiError ? e.message : t('common.error'));
        setState('failed');
      });
  }, [token, qc, t]);

  return (
    <div className="container narrow">
      <div className="card stack" aria-live="polite">
        <h1>{t('auth.verify.title')}</h1>
        {state === 'working' && <p>{t('auth.verify.working')}</p>}
        {state === 'done' && (
          <>
            <p className="alert alert-success">{t('auth.verify.done')}</p>
            <Link className="btn btn-primary" to={paths.account.to()}>
              {t('auth.verify.continue')}
            </Link>
          </>
        )}
        {state === 'failed' && (
          <>
            <p className="alert alert-error" role="alert">
              {error}
            </p>
            <NewLink />
          </>
        )}
      </div>
    </div>
  );
}

/** After a failed link: a resend button for the logged-in owner, otherwise the way to log in first. */
function NewLink() {
  const { t } = useTranslation();
  const me = useMe();
  const resend = useMutation({ mutationFn: () => api.post('/auth/verify-email/resend') });
  if (me.isPending) return null;
  if (!me.data) {
    return (
      <Link className="btn" to={paths.login.to(paths.account.to())}>
        {t('auth.verify.loginForNewLink')}
      </Link>
    );
  }
  if (me.data.emailVerified) {
    return (
      <>
        <p>{t('auth.verify.alreadyConfirmed')}</p>
        <Link className="btn btn-primary" to={paths.account.to()}>
          {t('auth.verify.continue')}
        </Link>
      </>
    );
  }
  if (resend.isSuccess)
    return (
      <p className="alert alert-success" role="status">
        {t('auth.account.resent')}
      </p>
    );
  return (
    <>
      <button className="btn btn-primary" type="button" onClick={() => resend.mutate()} disabled={resend.isPending}>
        {t('auth.account.resend')}
      </button>
      {resend.error ? (
        <p className="alert alert-error" role="alert">
          {resend.error.message}
        </p>
      ) : null}
    </>
  );
}
