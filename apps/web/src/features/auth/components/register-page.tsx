import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { RegisterRequestSchema, type User } from '@partystream/shared/auth/auth.schemas';
import { MAIL_LANGUAGES } from '@partystream/shared/notification/mail-settings.schemas';
import { api } from '../../../lib/api-client';
import { useZodForm } from '../../../lib/use-zod-form';
import { Field, FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import { meQueryKey } from '../../../lib/auth';
import { useAuthSubmit } from '../hooks/use-auth-submit';

const SignUpFieldsSchema = RegisterRequestSchema.omit({ acceptTerms: true });

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const initialRole = params.get('role') === 'dj' ? 'dj' : 'host';
  // The terms box is not a text field: the form checks it below and the request carries it (the API requires it).
  const form = useZodForm(SignUpFieldsSchema, { email: '', password: '', displayName: '', role: initialRole });
  const [accepted, setAccepted] = useState(false);
  const [acceptError, setAcceptError] = useState(false);
  const { onSubmit, busy } = useAuthSubmit(
    form,
    async (data) => {
      // The consent is recorded by the server with the version of the texts and the time (privacy rights, PRD 5.5).
      // Mails are written in the language and zone the person signs up in (changeable in notification settings).
      const res = await api.post<{ user: User }>('/auth/register', {
        ...data,
        acceptTerms: accepted,
        locale: MAIL_LANGUAGES.find((l) => i18n.language.startsWith(l)) ?? 'en',
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      qc.setQueryData(meQueryKey, res.user);
      // Straight to the next useful step (issue 20): a new DJ to their profile, a new host to search.
      navigate(res.user.role === 'dj' ? `${paths.onboarding.to()}?welcome=1` : `${paths.search.to()}?welcome=1`);
    },
    {
      precheck: () => {
        setAcceptError(!accepted);
        return accepted;
      },
    },
  );

  return (
    <div className="container narrow">
      <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="register-title">
        <h1 id="register-title">{t('auth.register.title')}</h1>
        <fieldset className="role-choice">
          <legend>{t('auth.register.roleLegend')}</legend>
          {(['host', 'dj'] as const).map((role) => (
            <label key={role} className={`role-option${form.values.role === role ? ' selected' : ''}`}>
              <input
                type="radio"
                name="role"
                value={role}
                checked={form.values.role === role}
                onChange={() => form.set('role', role)}
              />
              <span className="role-title">{t(`auth.register.role.${role}.title`)}</span>
              <span className="muted">{t(`auth.register.role.${role}.body`)}</span>
            </label>
          ))}
          {form.errors.role ? <span className="field-error">{form.errors.role}</span> : null}
        </fieldset>
        <Field
          label={t('auth.fields.displayName')}
          autoComplete="name"
          error={form.errors.displayName}
          {...form.field('displayName')}
        />
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
          autoComplete="new-password"
          hint={t('auth.fields.passwordHint')}
          error={form.errors.password}
          {...form.field('password')}
        />
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              name="acceptTerms"
              checked={accepted}
              onChange={(e) => setAccepted(e.target.checked)}
              aria-invalid={acceptError || !!form.errors.acceptTerms || undefined}
              aria-describedby={acceptError || form.errors.acceptTerms ? 'accept-error' : undefined}
            />
            <span>{t('legal.accept')}</span>
          </label>
          <span className="muted footer-links">
            <Link to={paths.terms.to()} target="_blank" rel="noopener">
              {t('legal.readTerms')}
            </Link>
            <Link to={paths.privacy.to()} target="_blank" rel="noopener">
              {t('legal.readPrivacy')}
            </Link>
          </span>
          {acceptError || form.errors.acceptTerms ? (
            <span className="field-error" id="accept-error">
              {acceptError ? t('legal.acceptRequired') : form.errors.acceptTerms}
            </span>
          ) : null}
        </div>
        <FormError message={form.formError} />
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('common.loading') : t('auth.register.submit')}
        </button>
        <p className="muted">
          {t('auth.register.haveAccount')} <Link to={paths.login.to()}>{t('nav.login')}</Link>
        </p>
      </form>
    </div>
  );
}
