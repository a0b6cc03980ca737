import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS } from '@partystream/shared/review/review.schemas';
import type { ApiError } from '../../../lib/api-client';
import { reportReview } from '../api';

/** "Report" opens a small form: a reason (required) and a note, kept for the moderators. */
export function ReportButton({ reviewId }: { reviewId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (state === 'done')
    return (
      <p className="small muted" role="status">
        {t('review.reported')}
      </p>
    );
  if (!open)
    return (
      <button type="button" className="link-button small" onClick={() => setOpen(true)}>
        {t('review.report')}
      </button>
    );
  return (
    <form
      className="report-form stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!reason) return setError(t('review.pickReason'));
        setState('busy');
        setError(null);
        try {
          await reportReview(reviewId, reason, note);
          setState('done');
        } catch (err) {
          setError((err as ApiError).message);
          setState('idle');
        }
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
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button className="btn btn-danger" disabled={state === 'busy'}>
          {t('review.sendReport')}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
