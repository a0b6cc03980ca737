import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MAIL_CATEGORIES,
  MAIL_LANGUAGES,
  type MailSettings,
  type UnsubscribeResult,
} from '@partystream/shared/notification/mail-settings.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import { settingsChange, zoneOptions } from '../notification-settings';
import '../notification-settings.css';

const settingsKey = ['notification-settings'] as const;
const LANGUAGE_NAMES: Record<(typeof MAIL_LANGUAGES)[number], string> = { en: 'English', es: 'Español', fr: 'Français' };

/**
 * /account/notifications: the language and zone of the user's mails, and which non-essential mails they get.
 * Receipts, security and booking mails always go (said on the page). One column, full-width controls at 390 px.
 */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: settingsKey,
    queryFn: async () => (await api.get<{ settings: MailSettings }>('/me/notification-settings')).settings,
    retry: false,
  });
  if (q.error) {
    return (
      <div className="container stack">
        <h1>{t('account.notifications.title')}</h1>
        <p>
          <Link to={paths.login.to(paths.notifications.to())}>{t('account.notifications.login')}</Link>
        </p>
      </div>
    );
  }
  if (!q.data) return null;
  return <SettingsForm saved={q.data} />;
}

function SettingsForm({ saved: stored }: { saved: MailSettings }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<MailSettings>(stored);
  const [saved, setSaved] = useState(false);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = useMemo(
    () => zoneOptions(form.timeZone, browserZone, Intl.supportedValuesOf?.('timeZone') ?? []),
    [form.timeZone, browserZone],
  );
  const save = useMutation({
    mutationFn: (change: NonNullable<ReturnType<typeof settingsChange>>) =>
      api.put<{ settings: MailSettings }>('/me/notification-settings', change),
    onSuccess: (res) => {
      qc.setQueryData(settingsKey, res.settings);
      setForm(res.settings);
      setSaved(true);
    },
  });
  const change = settingsChange(stored, form);
  const update = (next: MailSettings) => {
    setSaved(false);
    setForm(next);
  };

  return (
    <div className="container stack notification-settings">
      <h1>{t('account.notifications.title')}</h1>
      <p className="muted">{t('account.notifications.lead')}</p>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (change) save.mutate(change);
        }}
      >
        <label className="field" htmlFor="mail-locale">
          <span>{t('account.notifications.language')}</span>
          <select
            id="mail-locale"
            value={form.locale}
            onChange={(e) => update({ ...form, locale: e.target.value as MailSettings['locale'] })}
          >
            {MAIL_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor="mail-zone">
          <span>{t('account.notifications.timeZone')}</span>
          <select
            id="mail-zone"
            value={form.timeZone ?? ''}
            onChange={(e) => update({ ...form, timeZone: e.target.value || null })}
          >
            <option value="">{t('account.notifications.zoneUnset')}</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="stack">
          <legend>{t('account.notifications.categories')}</legend>
          {MAIL_CATEGORIES.map((c) => (
            <label key={c} className="check-row" htmlFor={`mail-cat-${c}`}>
              <input
                id={`mail-cat-${c}`}
                type="checkbox"
                checked={form.categories[c]}
                onChange={(e) => update({ ...form, categories: { ...form.categories, [c]: e.target.checked } })}
              />
              <span>
                <strong>{t(`account.notifications.category.${c}.label`)}</strong>
                <br />
                <span className="muted">{t(`account.notifications.category.${c}.hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <p className="muted">{t('account.notifications.essential')}</p>
        <FormError message={(save.error as ApiError | null)?.message ?? null} />
        {saved ? (
          <p role="status" className="alert alert-success">
            {t('account.notifications.saved')}
          </p>
        ) : null}
        <button className="btn btn-primary" type="submit" disabled={!change || save.isPending}>
          {t('account.notifications.save')}
        </button>
      </form>
    </div>
  );
}

/** /unsubscribe/:token: where an unsubscribe link leads a person; the button makes the same POST a mail client makes. */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const link = useQuery({
    queryKey: ['unsubscribe', token],
    queryFn: () => api.get<UnsubscribeResult>(`/mail/links/${encodeURIComponent(token)}`),
    retry: false,
  });
  const done = useMutation({
    mutationFn: () => api.post<UnsubscribeResult>(`/mail/unsubscribe/${encodeURIComponent(token)}`),
  });
  const category = link.data?.category;
  const unsubscribed = done.data?.unsubscribed ?? link.data?.unsubscribed;
  return (
    <div className="container stack notification-settings">
      <h1>{t('account.unsubscribe.title')}</h1>
      {link.error ? <p className="alert alert-error">{t('account.unsubscribe.invalid')}</p> : null}
      {category ? (
        <div className="card stack">
          <p>{t('account.unsubscribe.what', { category: t(`account.notifications.category.${category}.label`) })}</p>
          {unsubscribed ? (
            <p role="status" className="alert alert-success">
              {t('account.unsubscribe.done')}
            </p>
          ) : (
            <button className="btn btn-primary" type="button" disabled={done.isPending} onClick={() => done.mutate()}>
              {t('account.unsubscribe.confirm')}
            </button>
          )}
          <FormError message={(done.error as ApiError | null)?.message ?? null} />
        </div>
      ) : null}
      <p>
        <Link to={paths.notifications.to()}>{t('account.unsubscribe.settings')}</Link>
      </p>
    </div>
  );
}
