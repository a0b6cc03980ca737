import { useQuery } from '@tanstack/react-query';
import type { PayoutOnboarding, PayoutStatus } from '@partystream/shared/payment/payment.schemas';
import { api } from '../../lib/api-client';

/** Where the DJ stands with payouts; the server asks Stripe while it is pending, so a refetch is a real re-check. */
export function usePayoutStatus(enabled = true) {
  return useQuery({
    queryKey: ['payout-status'],
    queryFn: async () => (await api.get<{ status: PayoutStatus }>('/payments/payout-account')).status,
    enabled,
  });
}

export function startPayoutOnboarding(): Promise<PayoutOnboarding> {
  return api.post<PayoutOnboarding>('/payments/payout-account/onboarding');
}
