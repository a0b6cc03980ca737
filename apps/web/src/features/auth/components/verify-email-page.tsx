import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { api, ApiError } from '../../../lib/api-client';
import { paths } from '../../../config/paths';
import { meQueryKey } from '../../../lib/auth';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const [error, setError] = useState('');
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return; // StrictMode mounts twice; a token works once.
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
            <Link className="btn btn-primary" to={paths.account.to()}>{t('auth.verify.continue')}</Link>
          </>
        )}
        {state === 'failed' && (
          <>
            <p className="alert alert-error" role="alert">{error}</p>
            <Link className="btn" to={paths.account.to()}>{t('auth.verify.resendFromAccount')}</Link>
          </>
        )}
      </div>
    </div>
  );
}
