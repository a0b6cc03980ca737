/**
 * The moderation queue: reported chat messages, reviews and profiles — dismiss, remove or suspend; and the content
 * already removed, where a review or profile can be restored (its author is told, with the reason).
 */
import { useTranslation } from 'react-i18next';
import { useAdminAction, useModeration, useRemovals } from '../api';
import { useReason, ActionError } from './console-kit';

export function ModerationSection() {
  const { t, i18n } = useTranslation();
  const list = useModeration();
  const removals = useRemovals();
  const act = useAdminAction();
  const r = useReason();
  const decide = (kind: string, id: string, action: string) =>
    act.mutate({ path: `/admin/moderation/${kind}/${id}/${action}`, body: r.reason ? { reason: r.reason } : {} });
  const restore = (kind: string, targetId: string) =>
    act.mutate({ path: `/admin/removals/${kind}/${targetId}/restore`, body: { reason: r.reason } });
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  // A review report's reason is a code with an optional note (`spam: …`); other reports carry the reporter's words.
  const why = (kind: string, reason: string) => {
    if (kind !== 'review') return reason;
    const [code = '', ...note] = reason.split(': ');
    return [t(`review.reason.${code}`, { defaultValue: code }), note.join(': ')].filter(Boolean).join(' — ');
  };
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      <h2>{t('admin.moderation.queue')}</h2>
      {list.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {list.data?.items.map((m) => (
          <li key={m.id} className="card" data-testid="admin-report">
            <div>
              <span className="badge">{t(`admin.moderation.kinds.${m.kind}`)}</span> <q>{m.excerpt}</q>
              <span className="muted"> · {when(m.createdAt)}</span>
              {m.reason && <p className="muted">{t('admin.moderation.reported', { reason: why(m.kind, m.reason) })}</p>}
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
      <h2>{t('admin.moderation.removed')}</h2>
      {removals.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {removals.data?.items.map((m) => (
          <li key={`${m.kind}:${m.targetId}`} className="card" data-testid="admin-removal">
            <div>
              <span className="badge">{t(`admin.moderation.kinds.${m.kind}`)}</span> <q>{m.excerpt}</q>
              {m.authorName && <span className="muted"> · {t('admin.moderation.author', { name: m.authorName })}</span>}
              <p className="muted">
                {t('admin.moderation.removedOn', { date: when(m.removedAt), who: m.removedBy ?? '—', reason: m.reason })}
              </p>
            </div>
            {m.restorable ? (
              <button className="btn" onClick={() => restore(m.kind, m.targetId)}>
                {t('admin.moderation.restore')}
              </button>
            ) : (
              <p className="muted">{t('admin.moderation.notRestorable')}</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
