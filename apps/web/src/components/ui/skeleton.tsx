import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Grey shimmering blocks in the shape of what is loading (issue 20), so the page keeps its layout instead of
 * jumping when data arrives. `lines` text bars; `media` a picture block above them. Announced once as "Loading…".
 */
export function Skeleton({ lines = 3, media = false, className = '' }: { lines?: number; media?: boolean; className?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`skeleton ${className}`} role="status" aria-label={t('common.loading')} data-testid="skeleton">
      {media ? <div className="skeleton-block skeleton-media" /> : null}
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-block skeleton-line" style={{ width: `${90 - ((i * 23) % 45)}%` }} />
      ))}
    </div>
  );
}

/** A friendly empty state: a short title, one sentence, and optionally the one action that helps. */
export function EmptyState({ title, body, action }: { title: string; body?: string; action?: ReactNode }) {
  return (
    <div className="card empty-state" data-testid="empty-state">
      <div className="empty-state-art" aria-hidden>
        ♫
      </div>
      <h2>{title}</h2>
      {body ? <p className="muted">{body}</p> : null}
      {action}
    </div>
  );
}
