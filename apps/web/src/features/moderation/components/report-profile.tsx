import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/auth';
import { reportProfile } from '../api';

/** "Report this profile": a reason for the moderators; shown to signed-in users only. */
export function ReportProfile({ djProfileId }: { djProfileId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (!me.data) return null;
  if (state === 'done')
    return (
      <p className="small muted" role="status">
        {t('moderation.reported')}
      </p>
    );
  if (!open)
    return (
      <button type="button" className="link-button small" onClick={() => setOpen(true)}>
        {t('moderation.reportProfile')}
      </button>
    );
  return (
    <form
      className="report-form stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setState('busy');
        setError(null);
        try {
          await reportProfile(djProfileId, reason);
          setState('done');
        } catch (err) {
          setError((err as ApiError).message);
          setState('idle');
        }
      }}
    >
      <label className="field">
        <span>{t('moderation.reportReason')}</span>
        <textarea name="report-reason" value={reason} maxLength={1000} rows={2} onChange={(e) => setReason(e.target.value)} />
      </label>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="btn" type="submit" disabled={state === 'busy'}>
        {t('moderation.send')}
      </button>
    </form>
  );
}
