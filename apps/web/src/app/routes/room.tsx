import { PartyRoomPage } from '../../features/party-room/components/party-room-page';
import { StreamPlayer } from '../../features/stream/components/stream-player';

/** The party room with the stream player in its stage. */
export function RoomRoute() {
  return <PartyRoomPage player={StreamPlayer} />;
}
