import type {
  BookingReviews,
  CreateReview,
  DjReviewsPage,
  HostReviews,
  PendingReview,
  Review,
} from '@partystream/shared/review/review.schemas';
import { api } from '../../lib/api-client';

export const bookingReviewsQuery = (bookingId: string) => ({
  queryKey: ['reviews', 'booking', bookingId],
  queryFn: () => api.get<BookingReviews>(`/reviews/bookings/${bookingId}`),
});

export const djReviewsQuery = (djProfileId: string, page: number) => ({
  queryKey: ['reviews', 'dj', djProfileId, page],
  queryFn: () => api.get<DjReviewsPage>(`/reviews/djs/${djProfileId}?page=${page}&pageSize=5`),
});

export const hostReviewsQuery = (bookingId: string) => ({
  queryKey: ['reviews', 'host', bookingId],
  queryFn: () => api.get<HostReviews>(`/reviews/bookings/${bookingId}/host-reviews`),
});

export const pendingReviewsQuery = () => ({
  queryKey: ['reviews', 'pending'],
  queryFn: async () => (await api.get<{ items: PendingReview[] }>('/reviews/pending')).items,
});

export const submitReview = (bookingId: string, body: CreateReview) =>
  api.post<{ review: Review }>(`/reviews/bookings/${bookingId}`, body);
export const replyToReview = (id: string, text: string) => api.post<{ review: Review }>(`/reviews/${id}/reply`, { text });
export const reportReview = (id: string, reason: string, note: string) => api.post(`/reviews/${id}/reports`, { reason, note });
