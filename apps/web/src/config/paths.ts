/**
 * The typed route table: every link and navigation goes through here instead of string URLs, so a moved
 * page is one edit. `path` is the router pattern; `to()` builds a concrete URL.
 */
export const paths = {
  home: { path: '/', to: () => '/' },
  register: { path: '/register', to: (role?: 'dj' | 'host') => (role ? `/register?role=${role}` : '/register') },
  login: { path: '/login', to: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login') },
  verifyEmail: { path: '/verify-email', to: (token: string) => `/verify-email?token=${encodeURIComponent(token)}` },
  forgotPassword: { path: '/forgot-password', to: () => '/forgot-password' },
  resetPassword: { path: '/reset-password', to: (token: string) => `/reset-password?token=${encodeURIComponent(token)}` },
  account: { path: '/account', to: () => '/account' },
  notifications: { path: '/account/notifications', to: () => '/account/notifications' },
  inbox: { path: '/inbox', to: () => '/inbox' },
  unsubscribe: { path: '/unsubscribe/:token', to: (token: string) => `/unsubscribe/${token}` },
  admin: { path: '/admin', to: () => '/admin' },
  licence: { path: '/dashboard/licence', to: () => '/dashboard/licence' },
  devOutbox: { path: '/dev/outbox', to: () => '/dev/outbox' },
  confirmEmail: { path: '/confirm-email', to: (token: string) => `/confirm-email?token=${encodeURIComponent(token)}` },
  privacy: { path: '/privacy', to: () => '/privacy' },
  terms: { path: '/terms', to: () => '/terms' },
  search: { path: '/djs', to: (qs?: string) => (qs ? `/djs?${qs}` : '/djs') },
  djProfile: { path: '/djs/:id', to: (id: string) => `/djs/${id}` },
  onboarding: { path: '/dj/profile', to: () => '/dj/profile' },
  goLive: { path: '/party/:token/live', to: (token: string) => `/party/${token}/live` },
  room: {
    path: '/party/:token/room',
    to: (token: string, invite?: string) => (invite ? `/party/${token}/room?invite=${invite}` : `/party/${token}/room`),
  },
  party: {
    path: '/party/:token',
    to: (token: string, invite?: string) => (invite ? `/party/${token}?invite=${invite}` : `/party/${token}`),
  },
  bookings: { path: '/bookings', to: () => '/bookings' },
  booking: { path: '/bookings/:id', to: (id: string) => `/bookings/${id}` },
  checkout: { path: '/bookings/:id/checkout', to: (id: string) => `/bookings/${id}/checkout` },
  receipt: { path: '/bookings/:id/receipt', to: (id: string) => `/bookings/${id}/receipt` },
  review: { path: '/bookings/:id/review', to: (id: string) => `/bookings/${id}/review` },
  payouts: { path: '/dj/payouts', to: () => '/dj/payouts' },
  calendar: { path: '/dj/calendar', to: () => '/dj/calendar' },
  payoutsReturn: { path: '/dj/payouts/return', to: () => '/dj/payouts/return' },
  book: {
    path: '/book/:djId',
    to: (djId: string, startsAt?: string) => (startsAt ? `/book/${djId}?start=${encodeURIComponent(startsAt)}` : `/book/${djId}`),
  },
} as const;
