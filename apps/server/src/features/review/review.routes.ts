import { Router } from 'express';
import {
  BookingIdParamsSchema,
  CreateReplySchema,
  CreateReportSchema,
  CreateReviewSchema,
  DjIdParamsSchema,
  ReviewIdParamsSchema,
  ReviewPageQuerySchema,
} from '@partystream/shared/review/review.schemas';
import { resource } from '../../http/route.ts';
import { requireRole, requireUser } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { ReviewService } from './review.service.ts';

/** /api/reviews — writing, reading, replying to and reporting reviews (issue 15). */
export function createReviewRouter(review: ReviewService): Router {
  const r = Router();
  resource(r, '/pending', {
    get: async (req, res) => {
      res.set('Cache-Control', 'no-store').json({ items: await review.pending(requireUser(req)) });
    },
  });
  resource(r, '/reports', {
    get: async (req, res) => {
      requireRole(req, 'admin');
      res.set('Cache-Control', 'no-store').json({ reports: await review.openReports() });
    },
  });
  resource(r, '/bookings/:bookingId', {
    get: async (req, res) => {
      const { bookingId } = parseInput(BookingIdParamsSchema, req.params, 'params');
      res.set('Cache-Control', 'no-store').json(await review.forBooking(requireUser(req), bookingId));
    },
    post: async (req, res) => {
      const user = requireUser(req);
      const { bookingId } = parseInput(BookingIdParamsSchema, req.params, 'params');
      const body = parseInput(CreateReviewSchema, req.body, 'body');
      const created = await review.submit(user, bookingId, body);
      req.log.info({ bookingId, reviewId: created.id, status: created.status }, 'review written');
      res.status(201).json({ review: created });
    },
  });
  resource(r, '/bookings/:bookingId/host-reviews', {
    get: async (req, res) => {
      const { bookingId } = parseInput(BookingIdParamsSchema, req.params, 'params');
      res.set('Cache-Control', 'no-store').json(await review.hostReviewsForBooking(requireUser(req), bookingId));
    },
  });
  resource(r, '/djs/:djProfileId', {
    get: async (req, res) => {
      const { djProfileId } = parseInput(DjIdParamsSchema, req.params, 'params');
      const { page, pageSize } = parseInput(ReviewPageQuerySchema, req.query, 'query');
      res.json(await review.djPage(djProfileId, page, pageSize));
    },
  });
  resource(r, '/:id/reply', {
    post: async (req, res) => {
      const user = requireUser(req);
      const { id } = parseInput(ReviewIdParamsSchema, req.params, 'params');
      const { text } = parseInput(CreateReplySchema, req.body, 'body');
      res.status(201).json({ review: await review.reply(user, id, text) });
    },
  });
  resource(r, '/:id/reports', {
    post: async (req, res) => {
      const user = requireUser(req);
      const { id } = parseInput(ReviewIdParamsSchema, req.params, 'params');
      const { reason, note } = parseInput(CreateReportSchema, req.body, 'body');
      const report = await review.report(user, id, reason, note);
      req.log.info({ reviewId: id, reportId: report.id }, 'review reported');
      res.status(201).json({ report });
    },
  });
  return r;
}
