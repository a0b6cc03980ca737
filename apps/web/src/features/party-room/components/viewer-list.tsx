import { useTranslation } from 'react-i18next';
import type { RoomSnapshot } from '@partystream/shared/party/party.events';

/** Who is in the room right now (for the host and the DJ), updated live from the room's presence. */
export function ViewerList({ presence }: { presence: RoomSnapshot['presence'] }) {
  const { t } = useTranslation();
  return (
    <details className="viewer-list" data-testid="viewer-list" open>
      <summary>{t('room.whoIsHere', { count: presence.names.length })}</summary>
      <ul aria-label={t('room.viewers')}>
        {presence.names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}
