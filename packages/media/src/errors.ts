// What the SFU refuses, as typed errors. whip.ts maps each code to an HTTP status and a problem document whose
// code is on the shared list (packages/shared/src/problem.ts).

export type SfuErrorCode =
  /** The room's publisher is connected and sending: a second encoder is refused (a dead one is replaced). */
  | 'ROOM_HAS_PUBLISHER'
  /** No such session (ended, timed out, or never existed). */
  | 'SESSION_NOT_FOUND'
  /** Not an SDP offer, or one werift cannot apply or answer. */
  | 'INVALID_SDP'
  /** The offer is readable but unusable here: no audio or video to send/receive, or no codec in common. */
  | 'UNSUPPORTED_CODEC'
  /** The offer is larger than the SFU accepts. */
  | 'SDP_TOO_LARGE'
  /** The SFU is shutting down. */
  | 'SFU_CLOSED';

export class SfuError extends Error {
  readonly code: SfuErrorCode;
  constructor(code: SfuErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SfuError';
    this.code = code;
  }
}
