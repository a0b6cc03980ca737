/**
 * Composition root: picks each provider by config and builds the feature services. Nothing else decides
 * which implementation runs. Tests call `buildDeps` with their own config, database and clock.
 */
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { openDatabase, pgliteDirFor, type Database } from './db/client.ts';
import { createLogger, type Logger } from './logger.ts';
import { SessionTokens } from './http/session.ts';
import { API_OPERATIONS } from './api-operations.ts';
import { buildStreaming } from './deps-streaming.ts';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { createDbMaintenance } from './jobs/maintenance.ts';
import { JobRunner } from './jobs/jobs.ts';
import type { MailProvider } from './providers/mail/mail.ts';
import { createOutboxMail } from './providers/mail/outbox.ts';
import { createAuthService } from './features/auth/auth.service.ts';
import { createAccountService } from './features/account/account.service.ts';
import { createDjService } from './features/dj/dj.service.ts';
import { createBackdropService } from './features/backdrop/backdrop.service.ts';
import { createAvailabilityService } from './features/availability/availability.service.ts';
import { createCalendarService } from './features/calendar/calendar.service.ts';
import { createMailService } from './features/notification/mail/mail.service.ts';
import { Realtime } from './realtime/realtime.ts';
import { createBookingService } from './features/booking/booking.service.ts';
import { createLedgerService } from './features/payment/ledger.service.ts';
import { createPartyService } from './features/party/party.service.ts';
import { createNotificationService } from './features/notification/notification.service.ts';
import { createPartyRoomService } from './features/party-room/party-room.service.ts';
import { registerPartyRoomSockets } from './features/party-room/party-room.socket.ts';
import { createPartyEnd } from './features/party-room/party-end.ts';
import { createBookingDue } from './features/booking/booking.due.ts';
import { createLimits, inviteMailBudgets, openLimitStore } from './http/limits.ts';
import { createAdminService, type AdminService } from './features/admin/admin.service.ts';
import { createReviewModeration } from './features/review/review.moderation.ts';
import { createLicenceService } from './features/licence/licence.service.ts';
import type { PaymentsProvider } from './providers/payments/payments.ts';
import { localPayments } from './providers/payments/local.ts';
import { createStripeClient, stripePayments, type StripeClient } from './providers/payments/stripe.ts';
import { createPaymentService } from './features/payment/payment.service.ts';
import { createPaymentMoney } from './features/payment/payment.money.ts';
import { createStreamService } from './features/stream/stream.service.ts';
import { AppError } from './errors.ts';
import { createReviewService } from './features/review/review.service.ts';
import { registerReviewSockets } from './features/review/review.socket.ts';
import type { StorageProvider } from './providers/storage/storage.ts';
import { diskStorage } from './providers/storage/disk.ts';
import { join } from 'node:path';
import { inProcessFanout, type FanoutProvider } from './providers/fanout/fanout.ts';
// Production providers (SMTP, S3, Redis, IVS) are imported when configured: each is hundreds of modules (Redis
// alone ~650) that an embedded start and every test process would otherwise load for nothing.

export interface DepsOverrides {
  database?: Database;
  clock?: Clock;
  log?: Logger;
  mail?: MailProvider;
  fanout?: FanoutProvider;
  storage?: StorageProvider;
  payments?: PaymentsProvider;
  /** Tests point the Stripe SDK at a local Stripe-speaking server. */
  stripe?: StripeClient;
}

export async function buildDeps(config: Config, o: DepsOverrides = {}) {
  const log = o.log ?? createLogger(config.LOG_LEVEL);
  const clock = o.clock ?? systemClock;
  const database =
    o.database ??
    (await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { pgliteDir: pgliteDirFor(config.DATA_DIR) }));
  const db = database.db;

  const mail: MailProvider =
    o.mail ??
    (config.MAIL_PROVIDER === 'smtp'
      ? (await import('./providers/mail/smtp.ts')).createSmtpMail(config.SMTP_URL!, config.MAIL_FROM)
      : createOutboxMail(db, () => clock.now()));

  const tokens = new SessionTokens(config.SESSION_SECRET, config.SESSION_TTL_DAYS, config.PUBLIC_URL.startsWith('https:'), () =>
    clock.now(),
  );
  const jobs = new JobRunner(db, clock, log);
  const dbMaintenance = createDbMaintenance({ db, clock, dbKind: database.kind });
  jobs.register(...dbMaintenance.jobs);

  // Abuse limits in Redis or Postgres, shared by every process; in memory for embedded PGlite (decision 029).
  const limitStore = await openLimitStore({ redisUrl: config.REDIS_URL, db, dbKind: database.kind });
  const limits = createLimits(limitStore, {
    keyPrefix: config.RATE_LIMIT_PREFIX,
    budgets: inviteMailBudgets(config.INVITE_MAILS_PER_PARTY_HOUR, config.INVITE_MAILS_PER_HOST_DAY),
  });
  // Mails people read (issue 18): lifecycle mails, reminders and notices, settings, one-click unsubscribe. Built
  // first (the account feature sends through it); it reads accounts and DJs through closures, called when mailing.
  const mails = createMailService({
    db,
    clock,
    publicUrl: config.PUBLIC_URL,
    secret: config.SESSION_SECRET,
    organizerEmail: /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM,
    send: (m) => mail.send(m),
    recipient: (userId) => auth.findMailRecipient(userId),
    setMailLocale: (userId, v) => auth.setMailLocale(userId, v),
    dj: async (djProfileId) => {
      const t = await dj.getBookingTerms(djProfileId);
      return { stageName: t.stageName, timeZone: t.timeZone };
    },
  });
  jobs.register(...mails.jobs);
  const auth = createAuthService({
    limits,
    db,
    clock,
    sendNotice: (n) => mails.sendNotice(n),
    tokens,
    publicUrl: config.PUBLIC_URL,
    loginMaxAttempts: config.LOGIN_MAX_ATTEMPTS,
  });

  const storage: StorageProvider =
    o.storage ??
    (config.STORAGE_PROVIDER === 's3'
      ? (await import('./providers/storage/s3.ts')).s3Storage({
          bucket: config.S3_BUCKET!,
          region: config.S3_REGION,
          endpoint: config.S3_ENDPOINT,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        })
      : diskStorage(join(config.DATA_DIR, 'files')));
  const realtime = new Realtime(
    o.fanout ??
      (config.REDIS_URL
        ? (await import('./providers/fanout/redis.ts')).redisFanout(config.REDIS_URL, config.REDIS_CHANNEL_PREFIX)
        : inProcessFanout()),
    log,
  );
  const slotsChanged = (djProfileId: string) => realtime.emit(`dj:${djProfileId}`, 'availability.changed', { djProfileId });

  const dj = createDjService({
    db,
    clock,
    photoUrl: (key) => `/api/files/${key}`,
    storage,
    availability: () => availability,
    onChanged: slotsChanged,
    // Bookings are built later (they need the DJ service); called only when a request reads cards or profiles.
    partiesPlayed: (ids) => booking.playedCounts(ids),
    partiesPlayedSql: (djId) => booking.playedCountSql(djId),
  });
  const availability = createAvailabilityService({
    db,
    clock,
    requireOwnProfileId: (userId) => dj.requireOwnProfileId(userId),
    onChanged: slotsChanged,
    icsAllowPrivate: config.NODE_ENV !== 'production',
  });

  const ledger = createLedgerService({ db, clock });
  const partyRoom = createPartyRoomService({ db, clock, emit: (room, event, payload) => realtime.emit(room, event, payload) });
  const emit = (room: string, event: string, payload: unknown) => realtime.emit(room, event, payload);
  const inbox = createNotificationService({ db, clock, log, emit });
  const party = createPartyService({
    db,
    clock,
    publicUrl: config.PUBLIC_URL,
    playedCsv: (id) => partyRoom.playedCsv(id),
    limits,
    emit,
    inviteMail: {
      send: (m) => mail.send(m),
      mailFrom: config.MAIL_FROM,
      unsubscribeUrl: (email) => mails.unsubscribeUrl({ email }, 'invites'),
      isUnsubscribed: (email) => mails.isUnsubscribed(email, 'invites'),
      settingsUrl: mails.settingsUrl,
    },
  });
  jobs.register(...party.jobs);
  // The end of the party (issue 19): closes the stream and takes the booking's due timer rows (booking.due.ts).
  const bookingDue = createBookingDue({ runJobsNow: (prefix, field, value) => jobs.runNow(prefix, field, value) });
  const partyEnd = createPartyEnd({
    db,
    clock,
    log,
    closeStream: (partyId) => stream.endParty(partyId),
    takeDueBookingRows: (bookingId) => bookingDue.takeDueRows(bookingId),
    emit,
  });
  registerPartyRoomSockets(realtime, partyRoom, party, log, {
    limits,
    inviteMaxSeats: config.INVITE_MAX_SEATS,
    partyEnd,
  });
  const { iceServers, sfu, streaming } = await buildStreaming(config, { db, clock, log });
  // Forwarding workers load their code first; the server answers only once the first guest could be served at once.
  await sfu.ready();
  const stream = createStreamService({
    db,
    clock,
    streaming,
    party,
    publicUrl: config.PUBLIC_URL,
    log,
    assertMayPublish: async (partyId) => {
      await partyEnd.assertNotEnded(partyId);
      await licence.assertMayGoLive(partyId);
    },
    onWindowClosed: (partyId) => partyEnd.endByTime(partyId),
    inviteMaxSeats: config.INVITE_MAX_SEATS,
  });
  jobs.register(...stream.jobs);
  const stripe = o.stripe ?? (config.STRIPE_SECRET_KEY ? createStripeClient({ secretKey: config.STRIPE_SECRET_KEY }) : null);
  const payments: PaymentsProvider =
    o.payments ?? (config.PAYMENTS_PROVIDER === 'stripe' && stripe ? stripePayments(stripe) : localPayments(() => clock.now()));
  // Payments and bookings need each other at run time: money effects run inside booking transitions, and payment
  // jobs and webhooks move bookings back (compensations, a confirmed payment). The payment side reaches the booking
  // side's port through this thunk, read only when a payment job or webhook runs, after both exist (issue 14).
  const money = createPaymentMoney({
    db,
    clock,
    ledger,
    payments,
    dj,
    publicUrl: config.PUBLIC_URL,
    bookings: () => booking.moneyPort,
  });
  const booking = createBookingService(
    {
      db,
      clock,
      dj,
      availability,
      money,
      stripeCheckout:
        payments.kind === 'stripe' && config.STRIPE_PUBLISHABLE_KEY
          ? { publishableKey: config.STRIPE_PUBLISHABLE_KEY, stripeJsUrl: config.STRIPE_JS_URL ?? null }
          : null,
      publicUrl: config.PUBLIC_URL,
      emit: (room, event, payload) => realtime.emit(room, event, payload),
      userEmail: async (userId) => (await auth.getUser(userId).catch(() => null))?.email ?? null,
      userTimeZone: (userId) => auth.getUserTimeZone(userId),
      createParty: (bookingId, tx) => party.createForBooking(bookingId, tx),
      partyTokenOf: (bookingId) => party.tokenOfBooking(bookingId),
      runPaymentsNow: (bookingId) => jobs.runNow('payment.', 'bookingId', bookingId),
      inbox,
      guestEmailsOf: (bookingId) => mails.guestEmailsOf(bookingId),
      sendNotice: (n) => mails.sendNotice(n),
    },
    (m) => mail.send(m),
  );
  jobs.register(...booking.jobs, ...money.jobs, ...partyRoom.jobs, ...availability.jobs);
  const review = createReviewService({
    db,
    clock,
    publicUrl: config.PUBLIC_URL,
    // Review requests and nudges are non-essential notices: switchable, with one-click unsubscribe.
    sendMail: (m) => mails.sendNotice(m),
    emit: (room, event, payload) => realtime.emit(room, event, payload),
    // The verified line: the streaming provider's facts (stream_facts) and the party room's played requests.
    streamFacts: (bookingId) =>
      stream.getPartyFacts(bookingId).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
        throw e;
      }),
    requestsPlayed: (bookingId) => partyRoom.playedCountOfBooking(bookingId),
  });
  registerReviewSockets(realtime, review, log);
  jobs.register(...review.jobs);
  const paymentService = createPaymentService({
    db,
    clock,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? null,
    payments,
    dj,
    publicUrl: config.PUBLIC_URL,
    onPaymentAuthorized: (tx, providerPaymentId) => money.applyProviderAuthorization(tx, providerPaymentId),
    onProviderRefunds: (tx, providerPaymentId, refunds) => money.applyProviderRefunds(tx, providerPaymentId, refunds),
    onProviderDispute: (tx, dispute) => money.applyProviderDispute(tx, dispute),
  });
  jobs.register(...paymentService.jobs);
  const account = createAccountService({
    db,
    clock,
    sendNotice: (n) => mails.sendNotice(n),
    storage,
    log,
    publicUrl: config.PUBLIC_URL,
    retention: { chatDays: config.RETENTION_CHAT_DAYS, sessionIpDays: config.RETENTION_SESSION_IP_DAYS },
    exportLimitPerHour: config.EXPORT_MAX_PER_HOUR,
    bookingsOf: (user) => booking.listMine(user),
    runJobsNow: (prefix, field, value) => jobs.runNow(prefix, field, value),
    toUser: (userId) => auth.getUser(userId),
  });
  jobs.register(...account.jobs);
  // Availability learns about bookings through these two functions (the dependency points one way).
  availability.setBusyRanges(
    async (id, from, to, q) =>
      (await booking.busy([id], from, to, q)).map((r) => ({ start: r.startsAt.getTime(), end: r.endsAt.getTime() })),
    async (ids, from, to, q) => {
      const m = new Map<string, { start: number; end: number }[]>();
      for (const r of await booking.busy(ids, from, to, q))
        m.set(r.djProfileId, [...(m.get(r.djProfileId) ?? []), { start: r.startsAt.getTime(), end: r.endsAt.getTime() }]);
      return m;
    },
    booking.busyMultirangeSql,
  );
  // The calendar reads bookings through the booking service's public read (a DJ's own list).
  availability.setBookingsOf((userId) => booking.listMine({ id: userId, role: 'dj' } as User));
  const calendar = createCalendarService({
    db,
    clock,
    publicUrl: config.PUBLIC_URL,
    bookingsOf: (user) => booking.listMine(user as User),
  });

  // eslint-disable-next-line prefer-const -- set once the admin service exists; the licence service reads it lazily (a named cycle)
  let adminRef: AdminService | undefined;
  const licence = createLicenceService({
    db,
    clock,
    storage,
    policy: config.LICENCE_POLICY,
    publicUrl: config.PUBLIC_URL,
    sendMail: (m) => mails.sendNotice(m),
    requireOwnProfileId: (userId) => dj.requireOwnProfileId(userId),
    admin: () => adminRef!,
  });
  jobs.register(...licence.jobs);
  booking.onRequested((tx, b) => licence.warnIfUnlicensed(tx, b));
  const admin = createAdminService({
    db,
    clock,
    publicUrl: config.PUBLIC_URL,
    sendMail: async (m) => void (await mail.send(m)),
    auth,
    booking,
    ledgerCheck: () => ledger.check(),
    chat: { findMessage: (id) => partyRoom.findMessage(id), removeMessage: (id) => partyRoom.removeByModeration(id) },
    reviews: createReviewModeration({ db }),
    pendingLicences: () => licence.countPending(),
    viewersOf: (partyId) => sfu.viewerCount(partyId),
  });
  adminRef = admin;
  partyRoom.onChatReported((messageId, reporterKey) => admin.reportChat(messageId, reporterKey));

  return {
    config,
    log,
    clock,
    database,
    db,
    mail,
    tokens,
    jobs,
    realtime,
    storage,
    auth,
    account,
    dj,
    backdrop: createBackdropService({ storage }),
    availability,
    calendar,
    mails,
    booking,
    party,
    inbox,
    partyRoom,
    partyEnd,
    dbMaintenance,
    sfu,
    limits,
    iceServers,
    streaming,
    stream,
    ledger,
    payments,
    paymentService,
    /** The payment feature's money side (effects, payment jobs, reconciliation). */
    money,
    review,
    admin,
    licence,
    operations: API_OPERATIONS,
    /** Releases everything in reverse order of creation. */
    async close() {
      await jobs.stop();
      await realtime.close();
      await sfu.close();
      await limits.close();
      await mail.close?.();
      await database.close();
    },
  };
}

export type Deps = Awaited<ReturnType<typeof buildDeps>>;
