import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { meQueryKey } from '../../../lib/auth';
import { paths } from '../../../config/paths';

/** The link mailed to a new address: confirming makes it the account's email (works logged out, on any device). */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const token = params.get('token') ?? '';
  const confirm = useMutation({
    mutationFn: () => api.post<{ user: User }>('/me/email/confirm', { token }),
    onSuccess: () => qc.invalidateQueries({ queryKey: meQueryKey }),
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    confirm.mutate();
  }, [confirm]);
  return (
    <div className="container narrow">
      <section className="card stack" aria-live="polite">
        <h1>{t('account.confirm.title')}</h1>
        {confirm.isPending ? <p>{t('common.loading')}</p> : null}
        {confirm.isSuccess ? (
          <p className="alert alert-success">{t('account.confirm.done', { email: confirm.data.user.email })}</p>
        ) : null}
        {confirm.error ? <p className="alert alert-error">{(confirm.error as ApiError).message}</p> : null}
        <Link to={paths.account.to()}>{t('account.confirm.back')}</Link>
      </section>
    </div>
  );
}
