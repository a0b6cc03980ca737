import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import type { RoomSnapshot } from '@partystream/shared/party/party.events';
import { GoLivePage } from '../../features/stream/components/go-live-page';
import { RoomConsole } from '../../features/party-room/components/room-console';

/**
 * The DJ's console: the go-live page with the party room's panels beside the preview (issue 19). The room's theme,
 * which the host may change during the party, reaches the virtual background's theme backdrop from here.
 */
export function GoLiveRoute() {
  const { token = '' } = useParams();
  const [theme, setTheme] = useState<RoomSnapshot['theme'] | null>(null);
  const renderConsole = useCallback(
    ({ onEnded }: { onEnded: () => void }) => <RoomConsole token={token} onEnded={onEnded} onTheme={setTheme} />,
    [token],
  );
  return <GoLivePage renderConsole={renderConsole} theme={theme} />;
}
