import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/auth';
import { useSendOnce } from '../../../lib/use-send-once';
import { reportProfile } from '../api';

/** "Report this profile": a reason for the moderators; shown to signed-in users only. */
export function ReportProfile({ djProfileId }: { djProfileId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useSendOnce();
  const [reason, setReason] = useState('');
  if (!me.data) return null;
  if (form.done)
    return (
      <p className="small muted" role="status">
        {t('moderation.reported')}
      </p>
    );
  if (!form.open)
    return (
      <button type="button" className="link-button small" onClick={() => form.setOpen(true)}>
        {t('moderation.reportProfile')}
      </button>
    );
  return (
    <form
      className="report-form stack"
      onSubmit={async (e) => {
        e.preventDefault();
        await form.send(() => reportProfile(djProfileId, reason));
      }}
    >
      <label className="field">
        <span>{t('moderation.reportReason')}</span>
        <textarea name="report-reason" value={reason} maxLength={1000} rows={2} onChange={(e) => setReason(e.target.value)} />
      </label>
      {form.error ? (
        <p className="alert alert-error" role="alert">
          {form.error}
        </p>
      ) : null}
      <button className="btn" type="submit" disabled={form.busy}>
        {t('moderation.send')}
      </button>
    </form>
  );
}
