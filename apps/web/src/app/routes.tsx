/**
 * Route table of the web app. Pages live in app/routes/ (composition) and features/* (behaviour); add a
 * route here and its path in config/paths.ts. The landing page is in the main bundle; every other page is its own
 * chunk loaded on navigation (react-router `lazy`), so a phone on a slow link downloads only what it shows.
 * The same table renders on the server (entry-server.tsx: landing, search and profiles, issue 20) and in the
 * browser (main.tsx), which is what makes hydration line up; `prefetch` is off on the server, whose data is
 * loaded before rendering instead.
 */
import type { RouteObject } from 'react-router';
import { paths } from '../config/paths';
import { Layout } from './layout';
import { LandingPage } from './routes/landing';
import { NotFoundPage } from './routes/not-found';
import { RouteErrorPage } from './routes/error-page';
import { queryClient } from '../lib/query-client';
import { viewerTimeZone } from '../lib/viewer-zone';
import { searchApiQuery, searchQuery } from '../features/search/api';
import { profileQuery } from '../features/dj-profile/api';
// Shared bits (.facts, .badge) are used across pages, so this sheet stays in the main bundle.
import '../features/auth/auth.css';

export function createRoutes({ prefetch }: { prefetch: boolean }): RouteObject[] {
  return [
    {
      element: <Layout />,
      // Whatever a page throws, people see the app's own error page, never React Router's developer screen.
      errorElement: <RouteErrorPage />,
      children: [
        { path: paths.home.path, element: <LandingPage /> },
        { path: paths.register.path, lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.RegisterPage })) },
        { path: paths.login.path, lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.LoginPage })) },
        {
          path: paths.verifyEmail.path,
          lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.VerifyEmailPage })),
        },
        {
          path: paths.forgotPassword.path,
          lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.ForgotPasswordPage })),
        },
        {
          path: paths.resetPassword.path,
          lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.ResetPasswordPage })),
        },
        { path: paths.account.path, lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.AccountPage })) },
        {
          path: paths.notifications.path,
          lazy: () =>
            import('../features/account/components/notification-settings-page').then((m) => ({
              Component: m.NotificationSettingsPage,
            })),
        },
        {
          path: paths.unsubscribe.path,
          lazy: () =>
            import('../features/account/components/notification-settings-page').then((m) => ({ Component: m.UnsubscribePage })),
        },
        {
          path: paths.admin.path,
          lazy: () => import('../features/admin/components/admin-console').then((m) => ({ Component: m.AdminConsole })),
        },
        {
          path: paths.licence.path,
          lazy: () => import('../features/licence/components/licence-page').then((m) => ({ Component: m.LicencePage })),
        },
        {
          path: paths.inbox.path,
          lazy: () => import('../features/inbox/components/inbox-page').then((m) => ({ Component: m.InboxPage })),
        },
        { path: paths.devOutbox.path, lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.DevOutboxPage })) },
        {
          path: paths.confirmEmail.path,
          lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.ConfirmEmailPage })),
        },
        { path: paths.privacy.path, lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.PrivacyPage })) },
        { path: paths.terms.path, lazy: () => import('./routes/auth-pages').then((m) => ({ Component: m.TermsPage })) },
        // Loaders only start the page's first request (no await), so it runs while the page's chunk downloads.
        {
          path: paths.search.path,
          loader: ({ request }) => {
            const apiQuery = searchApiQuery(new URL(request.url).searchParams, viewerTimeZone());
            if (prefetch && apiQuery !== null) void queryClient.prefetchQuery(searchQuery(apiQuery));
            return null;
          },
          lazy: () => import('../features/search/components/search-page').then((m) => ({ Component: m.SearchPage })),
        },
        {
          path: paths.djProfile.path,
          loader: ({ params }) => {
            if (prefetch && params.id) void queryClient.prefetchQuery(profileQuery(params.id));
            return null;
          },
          lazy: () => import('./routes/dj-profile').then((m) => ({ Component: m.DjProfileRoute })),
        },
        {
          path: paths.onboarding.path,
          lazy: () => import('./routes/onboarding').then((m) => ({ Component: m.OnboardingRoute })),
        },
        {
          path: paths.book.path,
          lazy: () => import('../features/booking/components/book-page').then((m) => ({ Component: m.BookPage })),
        },
        { path: paths.bookings.path, lazy: () => import('./routes/dashboard').then((m) => ({ Component: m.DashboardRoute })) },
        {
          path: paths.booking.path,
          lazy: () => import('./routes/booking-detail').then((m) => ({ Component: m.BookingDetailRoute })),
        },
        {
          path: paths.review.path,
          lazy: () => import('./routes/review').then((m) => ({ Component: m.ReviewRoute })),
        },
        {
          path: paths.checkout.path,
          lazy: () => import('../features/booking/components/checkout-page').then((m) => ({ Component: m.CheckoutPage })),
        },
        {
          path: paths.receipt.path,
          lazy: () => import('../features/booking/components/receipt-page').then((m) => ({ Component: m.ReceiptPage })),
        },
        {
          path: paths.calendar.path,
          lazy: () => import('../features/availability/components/calendar-page').then((m) => ({ Component: m.CalendarPage })),
        },
        {
          path: paths.payouts.path,
          lazy: () => import('../features/payouts/components/payouts-page').then((m) => ({ Component: m.PayoutsPage })),
        },
        {
          path: paths.payoutsReturn.path,
          lazy: () => import('../features/payouts/components/payouts-page').then((m) => ({ Component: m.PayoutsReturnPage })),
        },
        {
          path: paths.party.path,
          lazy: () => import('../features/party-lobby/components/lobby-page').then((m) => ({ Component: m.LobbyPage })),
        },
        { path: paths.room.path, lazy: () => import('./routes/room').then((m) => ({ Component: m.RoomRoute })) },
        {
          path: paths.goLive.path,
          lazy: () => import('./routes/go-live').then((m) => ({ Component: m.GoLiveRoute })),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ];
}
