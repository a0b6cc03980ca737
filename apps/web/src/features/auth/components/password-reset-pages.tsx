import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ForgotPasswordRequestSchema, PasswordSchema } from '@partystream/shared/auth/auth.schemas';
import { api } from '../../../lib/api-client';
import { useZodForm } from '../../../lib/use-zod-form';
import { Field, FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import { useAuthSubmit } from '../hooks/use-auth-submit';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useZodForm(ForgotPasswordRequestSchema, { email: '' });
  const [sent, setSent] = useState(false);

  const { onSubmit } = useAuthSubmit(form, async (data) => {
    await api.post('/auth/forgot-password', data);
    setSent(true);
  });

  return (
    <div className="container narrow">
      <form className="card stack" onSubmit={onSubmit} noValidate>
        <h1>{t('auth.forgot.title')}</h1>
        {sent ? (
          <p className="alert alert-success" role="status">
            {t('auth.forgot.sent')}
          </p>
        ) : (
          <>
            <p className="muted">{t('auth.forgot.lead')}</p>
            <Field
              label={t('auth.fields.email')}
              type="email"
              autoComplete="email"
              error={form.errors.email}
              {...form.field('email')}
            />
            <FormError message={form.formError} />
            <button className="btn btn-primary" type="submit">
              {t('auth.forgot.submit')}
            </button>
          </>
        )}
      </form>
    </div>
  );
}

const ResetFormSchema = z.object({ password: PasswordSchema });

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const form = useZodForm(ResetFormSchema, { password: '' });
  const [done, setDone] = useState(false);

  const { onSubmit } = useAuthSubmit(form, async (data) => {
    await api.post('/auth/reset-password', { token: params.get('token') ?? '', password: data.password });
    setDone(true);
  });

  return (
    <div className="container narrow">
      <form className="card stack" onSubmit={onSubmit} noValidate>
        <h1>{t('auth.reset.title')}</h1>
        {done ? (
          <>
            <p className="alert alert-success" role="status">
              {t('auth.reset.done')}
            </p>
            <Link className="btn btn-primary" to={paths.login.to()}>
              {t('nav.login')}
            </Link>
          </>
        ) : (
          <>
            <Field
              label={t('auth.fields.newPassword')}
              type="password"
              autoComplete="new-password"
              hint={t('auth.fields.passwordHint')}
              error={form.errors.password}
              {...form.field('password')}
            />
            <FormError message={form.formError} />
            <button className="btn btn-primary" type="submit">
              {t('auth.reset.submit')}
            </button>
          </>
        )}
      </form>
    </div>
  );
}
