/**
 * /dashboard/licence: a DJ's music-licence proof (issue 16) — upload a PRO licence, a venue/platform licence or a
 * signed own-music declaration with its territory and expiry, see each one's review, and export the month's set
 * list (played song requests) for rights reporting.
 */
import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LICENCE_KINDS } from '@partystream/shared/admin/admin.schemas';
import { useMe } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { useMyLicences, useUploadLicence } from '../api';

export function LicencePage() {
  const { t } = useTranslation();
  const me = useMe();
  const list = useMyLicences();
  const upload = useUploadLicence();
  const [kind, setKind] = useState<string>('own_music_declaration');
  const [territory, setTerritory] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [month, setMonth] = useState('');
  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.licence.to())} replace />;
  if (me.data.role !== 'dj') return <Navigate to={paths.home.to()} replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ kind, territory, expiresOn, file });
  };
  const fields =
    upload.error && 'fieldErrors' in upload.error
      ? (upload.error as { fieldErrors(): Record<string, string> }).fieldErrors()
      : {};
  return (
    <div className="container narrow stack">
      <h1>{t('licence.title')}</h1>
      <p>{t('licence.intro')}</p>
      {list.data && (
        <p className="card" data-testid="licence-status">
          {list.data.verified ? `♪ ${t('licence.verified')}` : t(`licence.policy.${list.data.policy}`)}
        </p>
      )}
      <form className="card stack" onSubmit={submit}>
        <h2>{t('licence.upload')}</h2>
        <div className="field">
          <label htmlFor="l-kind">{t('licence.kind')}</label>
          <select id="l-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {LICENCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.licences.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="l-territory">{t('licence.territory')}</label>
          <input
            id="l-territory"
            value={territory}
            maxLength={2}
            onChange={(e) => setTerritory(e.target.value)}
            placeholder="GB"
          />
          {fields['territory'] && <p className="error">{fields['territory']}</p>}
        </div>
        <div className="field">
          <label htmlFor="l-expires">{t('licence.expiresOn')}</label>
          <input id="l-expires" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
          {fields['expiresOn'] && <p className="error">{fields['expiresOn']}</p>}
        </div>
        <div className="field">
          <label htmlFor="l-file">{t('licence.file')}</label>
          <input
            id="l-file"
            type="file"
            accept="application/pdf,image/png,image/jpeg,image/webp"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        {upload.error && (
          <p className="error" role="alert">
            {upload.error.message}
          </p>
        )}
        <button className="btn btn-primary" type="submit" disabled={!file || upload.isPending}>
          {t('licence.send')}
        </button>
      </form>
      <h2>{t('licence.history')}</h2>
      <ul className="stack">
        {list.data?.items.map((l) => (
          <li key={l.id} className="card">
            <strong>{t(`admin.licences.kinds.${l.kind}`)}</strong> · {l.territory} ·{' '}
            {t('admin.licences.until', { date: l.expiresOn })} · <span className="badge">{t(`licence.status.${l.status}`)}</span>
            {l.decisionReason && <p className="muted">{l.decisionReason}</p>}
          </li>
        ))}
      </ul>
      <div className="card stack">
        <h2>{t('licence.setlist')}</h2>
        <input type="month" aria-label={t('licence.month')} value={month} onChange={(e) => setMonth(e.target.value)} />
        {month && (
          <a className="btn" href={`/api/licences/setlist.csv?month=${month}`} download>
            {t('licence.download')}
          </a>
        )}
      </div>
    </div>
  );
}
