import { useTranslation } from 'react-i18next';
import type { ModerationKind } from '@partystream/shared/admin/admin.schemas';
import { useMe } from '../../../lib/auth';
import { useModerationNotices } from '../api';

/**
 * What moderators removed of the signed-in user's content, and why — and, once an admin restored it, when and
 * why (issue 16). Nothing when there is none.
 */
export function ModerationNotices({ kind }: { kind?: ModerationKind }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const q = useModerationNotices(!!me.data);
  const items = (q.data?.items ?? []).filter((n) => !kind || n.kind === kind);
  if (!items.length) return null;
  return (
    <section className="card stack alert" aria-labelledby="moderation-notices-h" data-testid="moderation-notices">
      <h2 id="moderation-notices-h">{t('moderation.title')}</h2>
      <ul className="stack">
        {items.map((n) => (
          <li key={`${n.kind}:${n.targetId}:${n.removedAt}`} data-testid="moderation-notice">
            <strong>{t(`moderation.kinds.${n.kind}`)}</strong>
            {n.excerpt ? <q> {n.excerpt}</q> : null} — {t('moderation.reason', { reason: n.reason })}{' '}
            <span className="muted">{new Date(n.removedAt).toLocaleDateString(i18n.language)}</span>
            {n.restored && (
              <p className="alert alert-success">
                {t('moderation.restored', {
                  date: new Date(n.restored.at).toLocaleDateString(i18n.language),
                  reason: n.restored.reason,
                })}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
