import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS } from '@partystream/shared/review/review.constants';
import { useSendOnce } from '../../../lib/use-send-once';
import { reportReview } from '../api';

/** "Report" opens a small form: a reason (required) and a note, kept for the moderators. */
export function ReportButton({ reviewId }: { reviewId: string }) {
  const { t } = useTranslation();
  const form = useSendOnce();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  if (form.done)
    return (
      <p className="small muted" role="status">
        {t('review.reported')}
      </p>
    );
  if (!form.open)
    return (
      <button type="button" className="link-button small" onClick={() => form.setOpen(true)}>
        {t('review.report')}
      </button>
    );
  return (
    <form
      className="report-form stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!reason) return form.setError(t('review.pickReason'));
        await form.send(() => reportReview(reviewId, reason, note));
      }}
    >
      <label>
        <span>{t('review.reportReason')}</span>
        <select value={reason} onChange={(e) => setReason(e.target.value)} required>
          <option value="">{t('review.pickReason')}</option>
          {REPORT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`review.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('review.reportNote')}</span>
        <textarea value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} />
      </label>
      {form.error ? (
        <p className="alert alert-error" role="alert">
          {form.error}
        </p>
      ) : null}
      <div className="row">
        <button className="btn btn-danger" disabled={form.busy}>
          {t('review.sendReport')}
        </button>
        <button type="button" className="btn" onClick={() => form.setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
