/**
 * Route table of the web app. Pages live in app/routes/ (composition) and features/* (behaviour); add a
 * route here and its path in config/paths.ts.
 */
import { createBrowserRouter } from 'react-router';
import { paths } from '../config/paths';
import { Layout } from './layout';
import { LandingPage } from './routes/landing';
import { NotFoundPage } from './routes/not-found';
import { RegisterPage } from '../features/auth/components/register-page';
import { LoginPage } from '../features/auth/components/login-page';
import { VerifyEmailPage } from '../features/auth/components/verify-email-page';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/components/password-reset-pages';
import { AccountPage } from '../features/auth/components/account-page';
import { DevOutboxPage } from '../features/auth/components/dev-outbox-page';
import '../features/auth/auth.css';
import { SearchPage } from '../features/search/components/search-page';
import { DjProfilePage } from '../features/dj-profile/components/dj-profile-page';
import { PayoutsSection } from '../features/payouts/components/payouts-section';
import { DjOnboardingPage } from '../features/onboarding/components/dj-onboarding-page';
import { BookPage } from '../features/booking/components/book-page';
import { CheckoutPage } from '../features/booking/components/checkout-page';
import { BookingDetailPage } from '../features/booking/components/booking-detail-page';
import { ReceiptPage } from '../features/booking/components/receipt-page';
import { PayoutsPage, PayoutsReturnPage } from '../features/payouts/components/payouts-page';
import { DashboardRoute } from './routes/dashboard';
import { LobbyPage } from '../features/party-lobby/components/lobby-page';
import { PartyRoomPage } from '../features/party-room/components/party-room-page';
import { GoLivePage } from '../features/stream/components/go-live-page';
import { StreamPlayer } from '../features/stream/components/stream-player';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: paths.home.path, element: <LandingPage /> },
      { path: paths.register.path, element: <RegisterPage /> },
      { path: paths.login.path, element: <LoginPage /> },
      { path: paths.verifyEmail.path, element: <VerifyEmailPage /> },
      { path: paths.forgotPassword.path, element: <ForgotPasswordPage /> },
      { path: paths.resetPassword.path, element: <ResetPasswordPage /> },
      { path: paths.account.path, element: <AccountPage /> },
      { path: paths.devOutbox.path, element: <DevOutboxPage /> },
      { path: paths.search.path, element: <SearchPage /> },
      { path: paths.djProfile.path, element: <DjProfilePage /> },
      { path: paths.onboarding.path, element: <DjOnboardingPage afterSave={PayoutsSection} /> },
      { path: paths.book.path, element: <BookPage /> },
      { path: paths.bookings.path, element: <DashboardRoute /> },
      { path: paths.booking.path, element: <BookingDetailPage /> },
      { path: paths.checkout.path, element: <CheckoutPage /> },
      { path: paths.receipt.path, element: <ReceiptPage /> },
      { path: paths.payouts.path, element: <PayoutsPage /> },
      { path: paths.payoutsReturn.path, element: <PayoutsReturnPage /> },
      { path: paths.party.path, element: <LobbyPage /> },
      { path: paths.room.path, element: <PartyRoomPage player={StreamPlayer} /> },
      { path: paths.goLive.path, element: <GoLivePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
