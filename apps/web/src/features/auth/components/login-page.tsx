import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { LoginRequestSchema, type User } from '@partystream/shared/auth/auth.schemas';
import { api } from '../../../lib/api-client';
import { useZodForm } from '../../../lib/use-zod-form';
import { Field, FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import { meQueryKey } from '../../../lib/auth';
import { useAuthSubmit } from '../hooks/use-auth-submit';
import { nextStepFor } from '../next-step';

/** Only same-site relative paths are followed after login (no open redirect); null when there is none to follow. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const form = useZodForm(LoginRequestSchema, { email: '', password: '' });
  const { onSubmit, busy } = useAuthSubmit(form, async (data) => {
    const res = await api.post<{ user: User }>('/auth/login', data);
    qc.setQueryData(meQueryKey, res.user);
    await qc.invalidateQueries();
    navigate(safeNext(params.get('next')) ?? (await nextStepFor(res.user, Date.now())));
  });

  return (
    <div className="container narrow">
      <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{t('auth.login.title')}</h1>
        <Field
          label={t('auth.fields.email')}
          type="email"
          autoComplete="email"
          error={form.errors.email}
          {...form.field('email')}
        />
        <Field
          label={t('auth.fields.password')}
          type="password"
          autoComplete="current-password"
          error={form.errors.password}
          {...form.field('password')}
        />
        <FormError message={form.formError} />
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('common.loading') : t('auth.login.submit')}
        </button>
        <p className="row muted">
          <Link to={paths.forgotPassword.to()}>{t('auth.login.forgot')}</Link>
          <span aria-hidden>·</span>
          <Link to={paths.register.to()}>{t('auth.login.noAccount')}</Link>
        </p>
      </form>
    </div>
  );
}
