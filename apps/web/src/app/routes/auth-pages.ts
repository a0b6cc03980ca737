/** The account pages, one lazily loaded chunk (they share forms and styles). */
export { RegisterPage } from '../../features/auth/components/register-page';
export { LoginPage } from '../../features/auth/components/login-page';
export { VerifyEmailPage } from '../../features/auth/components/verify-email-page';
export { ForgotPasswordPage, ResetPasswordPage } from '../../features/auth/components/password-reset-pages';
export { AccountRoute as AccountPage } from './account';
export { ConfirmEmailPage } from '../../features/account/components/confirm-email-page';
export { PrivacyPage, TermsPage } from '../../features/account/components/legal-pages';
export { DevOutboxPage } from '../../features/auth/components/dev-outbox-page';
