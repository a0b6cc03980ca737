/** What every console section shares: the reason field its actions carry and the error line. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The reason every action carries; shared by the buttons of one section. The label says where the reason goes
 * (the audit log; the author too when content is removed), the hint gives an example that fits the action.
 */
export function useReason(o: { label?: string; hint?: string } = {}) {
  const [reason, setReason] = useState('');
  const { t } = useTranslation();
  const input = (
    <label className="field admin-reason">
      <span>{t(o.label ?? 'admin.reason')}</span>
      <input
        name="reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t(o.hint ?? 'admin.reasonHint')}
      />
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
