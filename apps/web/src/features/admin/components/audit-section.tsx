/** The audit log: every admin action, searchable. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../api';

export function AuditSection() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const audit = useAudit(q);
  return (
    <div className="stack">
      <label className="field">
        <span>{t('admin.audit.search')}</span>
        <input type="search" name="audit-q" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('admin.audit.when')}</th>
            <th>{t('admin.audit.who')}</th>
            <th>{t('admin.audit.what')}</th>
            <th>{t('admin.audit.target')}</th>
            <th>{t('admin.audit.why')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.items.map((a) => (
            <tr key={a.id} data-testid="audit-row">
              <td>{new Date(a.createdAt).toLocaleString(i18n.language)}</td>
              <td>{a.actorName}</td>
              <td>
                <code>{a.action}</code>
              </td>
              <td>
                {a.targetType} <span className="muted">{a.targetId.slice(0, 8)}</span>
              </td>
              <td>{a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
