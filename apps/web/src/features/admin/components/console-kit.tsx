/** What every console section shares: the reason field its actions carry and the error line. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The reason every action carries; shared by the buttons of one section. */
export function useReason() {
  const [reason, setReason] = useState('');
  const { t } = useTranslation();
  const input = (
    <label className="field admin-reason">
      <span>{t('admin.reason')}</span>
      <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('admin.reasonHint')} />
    </label>
  );
  return { reason, input, clear: () => setReason('') };
}

export function ActionError({ error }: { error: Error | null }) {
  return error ? (
    <p className="error" role="alert">
      {error.message}
    </p>
  ) : null;
}
