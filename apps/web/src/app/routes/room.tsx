import { PartyRoomPage } from '../../features/party-room/components/party-room-page';
import { StreamPlayer } from '../../features/stream/components/stream-player';
import { CrowdRating } from '../../features/review/components/crowd-rating';

/** The party room with the stream player in its stage, and the crowd rating once the party is over. */
export function RoomRoute() {
  return (
    <>
      <CrowdRating />
      <PartyRoomPage player={StreamPlayer} />
    </>
  );
}
