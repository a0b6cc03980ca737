/**
 * The crowd rating over the party room's Socket.io: `crowd.status` (may I rate?) and `crowd.rate` (one tap), both
 * acknowledged `{ ok, data } | { ok: false, problem }`. The participant is the one the party room's `room.join` put
 * on the socket; the prompt itself (`crowd.rating_opened`) is sent by the review scan to `invite:<id>`.
 */
import { CrowdRateSchema } from '@partystream/shared/review/review.schemas';
import type { Ack } from '@partystream/shared/problem';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { ackError, type AppSocket, type Realtime } from '../../realtime/realtime.ts';
import type { CrowdParticipant, ReviewService } from './review.service.ts';

export function registerReviewSockets(realtime: Realtime, review: ReviewService, log: Logger): void {
  realtime.onConnection((socket: AppSocket) => {
    const data = socket.data as unknown as { participant?: CrowdParticipant };
    const participant = () => {
      if (!data.participant) throw new AppError('AUTH_REQUIRED', { detail: 'Join the party first.' });
      return data.participant;
    };
    socket.on('crowd.status', async (_payload: unknown, ack?: (a: Ack<unknown>) => void) => {
      try {
        const status = await review.crowdStatus(participant());
        if (typeof ack === 'function') ack({ ok: true, data: status });
      } catch (e) {
        if (typeof ack === 'function') ack(ackError(e, log));
      }
    });
    socket.on('crowd.rate', async (payload: unknown, ack?: (a: Ack<unknown>) => void) => {
      try {
        const p = participant();
        const { stars } = CrowdRateSchema.parse(payload);
        const status = await review.crowdRate(p, stars);
        if (typeof ack === 'function') ack({ ok: true, data: status });
      } catch (e) {
        if (typeof ack === 'function') ack(ackError(e, log));
      }
    });
  });
}
