import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { api } from '../../lib/api-client';
import { useBookingUpdates } from '../../lib/realtime';

export function useBooking(id: string) {
  const qc = useQueryClient();
  useBookingUpdates((p) => {
    if (p.bookingId === id) void qc.invalidateQueries({ queryKey: ['bookings'] });
  });
  return useQuery({
    queryKey: ['bookings', id],
    queryFn: async () => (await api.get<{ booking: Booking }>(`/bookings/${id}`)).booking,
  });
}

export function useMyBookings(enabled: boolean) {
  const qc = useQueryClient();
  useBookingUpdates(() => void qc.invalidateQueries({ queryKey: ['bookings'] }));
  return useQuery({
    queryKey: ['bookings', 'mine'],
    queryFn: async () => (await api.get<{ bookings: Booking[] }>('/bookings')).bookings,
    enabled,
  });
}
