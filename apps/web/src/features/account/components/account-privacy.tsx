import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ChangeEmailRequestSchema,
  DeleteAccountRequestSchema,
  UpdateAccountRequestSchema,
  type AccountResponse,
} from '@partystream/shared/account/account.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { useZodForm } from '../../../lib/use-zod-form';
import { Field, FormError } from '../../../components/ui/field';
import { meQueryKey } from '../../../lib/auth';
import { paths } from '../../../config/paths';

const accountKey = ['account'] as const;

/** A form field with an id prefixed by its form: the account page holds several forms with a password field. */
function scoped(prefix: string, f: ReturnType<ReturnType<typeof useZodForm>['field']>) {
  return {
    ...f,
    id: `${prefix}-${f.id}`,
    'aria-describedby': f['aria-describedby'] ? `${prefix}-${f['aria-describedby']}` : undefined,
  };
}

/**
 * Privacy rights on the account page (PRD 5.5): change the name and the email (re-verified by a mailed link),
 * download everything as one JSON file, delete the account after a clear confirmation.
 */
export function AccountPrivacy() {
  const { t } = useTranslation();
  const account = useQuery({ queryKey: accountKey, queryFn: () => api.get<AccountResponse>('/me'), retry: false });
  if (!account.data) return null;
  return (
    <div className="container stack account-privacy">
      <h2>{t('account.title')}</h2>
      <div className="account-grid">
        <DisplayName current={account.data.user.displayName} />
        <ChangeEmail current={account.data.user.email} pending={account.data.pendingEmail} />
      </div>
      <DownloadData />
      <DeleteAccount />
    </div>
  );
}

function DisplayName({ current }: { current: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useZodForm(UpdateAccountRequestSchema, { displayName: current });
  const [saved, setSaved] = useState(false);
  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const data = form.validate();
    if (!data) return;
    try {
      const res = await api.patch<AccountResponse>('/me', data);
      qc.setQueryData(accountKey, res);
      qc.setQueryData(meQueryKey, res.user);
      setSaved(true);
    } catch (err) {
      setSaved(false);
      form.applyServerError(err);
    }
  }
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="name-h">
      <h3 id="name-h">{t('account.name.title')}</h3>
      <Field
        label={t('auth.fields.displayName')}
        autoComplete="name"
        error={form.errors.displayName}
        {...scoped('name', form.field('displayName'))}
      />
      <FormError message={form.formError} />
      <div aria-live="polite">{saved ? <p className="alert alert-success">{t('account.name.saved')}</p> : null}</div>
      <button className="btn btn-primary" type="submit">
        {t('account.name.save')}
      </button>
    </form>
  );
}

function ChangeEmail({ current, pending }: { current: string; pending: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const form = useZodForm(ChangeEmailRequestSchema, { newEmail: '', password: '' });
  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const data = form.validate();
    if (!data) return;
    try {
      qc.setQueryData(accountKey, await api.post<AccountResponse>('/me/email', data));
      form.set('newEmail', '');
      form.set('password', '');
      form.setFormError(null);
    } catch (err) {
      form.applyServerError(err);
    }
  }
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="email-h">
      <h3 id="email-h">{t('account.email.title')}</h3>
      <p className="muted">{t('account.email.current', { email: current })}</p>
      <div aria-live="polite">
        {pending ? <p className="alert alert-success">{t('account.email.pending', { email: pending })}</p> : null}
      </div>
      <Field
        label={t('account.email.newEmail')}
        type="email"
        autoComplete="email"
        error={form.errors.newEmail}
        {...scoped('email', form.field('newEmail'))}
      />
      <Field
        label={t('account.password')}
        type="password"
        autoComplete="current-password"
        error={form.errors.password}
        {...scoped('email', form.field('password'))}
      />
      <FormError message={form.formError} />
      <button className="btn btn-primary" type="submit">
        {t('account.email.submit')}
      </button>
    </form>
  );
}

function DownloadData() {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: async () => {
      const data = await api.get<{ exportedAt: string }>('/me/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `partystream-export-${data.exportedAt.slice(0, 10)}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <section className="card stack" aria-labelledby="export-h">
      <h3 id="export-h">{t('account.export.title')}</h3>
      <p>{t('account.export.body')}</p>
      <div aria-live="polite">
        {download.isSuccess ? <p className="alert alert-success">{t('account.export.done')}</p> : null}
        {download.error ? <p className="alert alert-error">{(download.error as ApiError).message}</p> : null}
      </div>
      <button className="btn" type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {t('account.export.button')}
      </button>
    </section>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const form = useZodForm(DeleteAccountRequestSchema, { password: '' });
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const data = form.validate();
    if (!data || !understood) return;
    setBusy(true);
    try {
      await api.request('DELETE', '/me', data);
      qc.clear();
      qc.setQueryData(meQueryKey, null);
      navigate(`${paths.home.to()}?deleted=1`, { replace: true });
    } catch (err) {
      form.applyServerError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card stack danger-zone" aria-labelledby="delete-h">
      <h3 id="delete-h">{t('account.delete.title')}</h3>
      <p>{t('account.delete.body')}</p>
      <ul className="muted">
        <li>{t('account.delete.erased')}</li>
        <li>{t('account.delete.kept')}</li>
        <li>{t('account.delete.open')}</li>
      </ul>
      {!open ? (
        <button className="btn btn-danger" type="button" onClick={() => setOpen(true)}>
          {t('account.delete.start')}
        </button>
      ) : (
        <form className="stack" onSubmit={onSubmit} noValidate aria-label={t('account.delete.confirmTitle')}>
          <label className="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
            <span>{t('account.delete.understand')}</span>
          </label>
          <Field
            label={t('account.password')}
            type="password"
            autoComplete="current-password"
            error={form.errors.password}
            {...scoped('delete', form.field('password'))}
          />
          <FormError message={form.formError} />
          <div className="row">
            <button className="btn btn-danger" type="submit" disabled={!understood || busy}>
              {t('account.delete.confirm')}
            </button>
            <button className="btn" type="button" onClick={() => setOpen(false)}>
              {t('account.delete.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
