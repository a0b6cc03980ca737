import { PartyRoomPage } from '../../features/party-room/components/party-room-page';
import { StreamPlayer } from '../../features/stream/components/stream-player';
import { CrowdRating } from '../../features/review/components/crowd-rating';

/** The party room with the stream player in its stage; once the party is over, guests get the crowd rating there. */
export function RoomRoute() {
  return <PartyRoomPage player={StreamPlayer} afterParty={<CrowdRating />} />;
}
