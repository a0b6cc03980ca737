import { useParams } from 'react-router';
import { GoLivePage } from '../../features/stream/components/go-live-page';
import { RoomConsole } from '../../features/party-room/components/room-console';

/** The DJ's console: the go-live page with the party room's panels beside the preview (issue 19). */
export function GoLiveRoute() {
  const { token = '' } = useParams();
  return <GoLivePage renderConsole={({ onEnded }) => <RoomConsole token={token} onEnded={onEnded} />} />;
}
