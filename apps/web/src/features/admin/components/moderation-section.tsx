/** The moderation queue: reported chat messages, reviews and profiles; dismiss, remove or suspend. */
import { useTranslation } from 'react-i18next';
import { useAdminAction, useModeration } from '../api';
import { useReason, ActionError } from './console-kit';

export function ModerationSection() {
  const { t, i18n } = useTranslation();
  const list = useModeration();
  const act = useAdminAction();
  const r = useReason();
  const decide = (kind: string, id: string, action: string) =>
    act.mutate({ path: `/admin/moderation/${kind}/${id}/${action}`, body: r.reason ? { reason: r.reason } : {} });
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      {list.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {list.data?.items.map((m) => (
          <li key={m.id} className="card" data-testid="admin-report">
            <div>
              <span className="badge">{t(`admin.moderation.kinds.${m.kind}`)}</span> <q>{m.excerpt}</q>
              <span className="muted"> · {new Date(m.createdAt).toLocaleString(i18n.language)}</span>
            </div>
            <div className="row">
              <button className="btn" onClick={() => decide(m.kind, m.id, 'dismiss')}>
                {t('admin.moderation.dismiss')}
              </button>
              <button className="btn btn-danger" onClick={() => decide(m.kind, m.id, 'remove')}>
                {t('admin.moderation.remove')}
              </button>
              {m.authorUserId && (
                <button className="btn btn-danger" onClick={() => decide(m.kind, m.id, 'suspend')}>
                  {t('admin.moderation.suspend')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
