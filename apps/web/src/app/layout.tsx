import { lazy, Suspense, useRef, useState } from 'react';
import { NavLink, Link, Outlet, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../config/paths';
import { useQuery } from '@tanstack/react-query';
import { useLogout, useMe } from '../lib/auth';
import { api } from '../lib/api-client';
import { chooseLanguage } from '../lib/i18n';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_NAMES, LANGUAGES, languageOf } from '../lib/locale';
import { useSocketIdentity } from '../lib/socket-identity';

// Only people logged in have a bell: its code (and Socket.io's) stays out of what public pages load (issue 20).
const InboxBell = lazy(() => import('../features/inbox/components/inbox-bell').then((m) => ({ default: m.InboxBell })));

/**
 * App shell: skip link, sticky header, main, footer. On a phone the links fold behind a Menu button (a
 * disclosure, closed again by choosing a link or Escape) so the header stays one row however many links
 * features add. The language picker sits with the links, so it is in the phone menu too.
 */
export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const user = me.data;
  useSocketIdentity(me.isSuccess ? (user?.id ?? null) : undefined);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuToggle = useRef<HTMLButtonElement>(null);
  const config = useQuery({
    queryKey: ['config'],
    queryFn: () => api.get<{ devOutbox: boolean }>('/config'),
    staleTime: Infinity,
  });
  return (
    <>
      <a className="visually-hidden" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <nav
          aria-label={t('nav.main')}
          onKeyDown={(e) => {
            if (e.key !== 'Escape' || !menuOpen) return;
            setMenuOpen(false);
            menuToggle.current?.focus(); // focus must not stay on a link that just disappeared
          }}
        >
          <Link to={paths.home.to()} className="brand">
            Party<span>Stream</span>
          </Link>
          <button
            ref={menuToggle}
            className="btn menu-toggle"
            type="button"
            aria-expanded={menuOpen}
            aria-controls="nav-links"
            onClick={() => setMenuOpen((o) => !o)}
          >
            {t('nav.menu')}
          </button>
          <div
            id="nav-links"
            className={`nav-links${menuOpen ? ' open' : ''}`}
            onClick={(e) => {
              if ((e.target as HTMLElement).closest('a, button')) setMenuOpen(false);
            }}
          >
            <NavLink to={paths.search.to()} end>
              {t('nav.findDj')}
            </NavLink>
            {user ? (
              <NavLink to={paths.bookings.to()}>{user.role === 'dj' ? t('nav.bookings') : t('nav.parties')}</NavLink>
            ) : null}
            {user?.role === 'dj' ? <NavLink to={paths.onboarding.to()}>{t('nav.myProfile')}</NavLink> : null}
            {user?.role === 'admin' ? <NavLink to={paths.admin.to()}>{t('admin.navLink')}</NavLink> : null}
            {config.data?.devOutbox ? <NavLink to={paths.devOutbox.to()}>{t('nav.outbox')}</NavLink> : null}
            {user ? (
              <>
                <NavLink to={paths.account.to()}>{t('nav.account')}</NavLink>
                <button
                  className="btn"
                  type="button"
                  onClick={() => logout.mutate(undefined, { onSuccess: () => navigate(paths.home.to()) })}
                >
                  {t('nav.logout')}
                </button>
              </>
            ) : (
              <>
                <NavLink to={paths.login.to()}>{t('nav.login')}</NavLink>
                <Link className="btn btn-primary" to={paths.register.to()}>
                  {t('nav.register')}
                </Link>
              </>
            )}
            <LanguagePicker />
          </div>
          {user ? (
            <Suspense fallback={null}>
              <InboxBell />
            </Suspense>
          ) : null}
        </nav>
      </header>
      <main id="main">
        <Outlet />
      </main>
      <footer className="app-footer">
        <span>{t('app.footer')}</span>
        <nav className="footer-links" aria-label={t('legal.footerNav')}>
          <Link to={paths.privacy.to()}>{t('legal.footerPrivacy')}</Link>
          <Link to={paths.terms.to()}>{t('legal.footerTerms')}</Link>
        </nav>
      </footer>
    </>
  );
}

/**
 * A native <select>: keyboard and screen readers handle it everywhere (arrow keys, type-ahead, the phone's own
 * picker). Each language is named in itself and marked with its lang so it is read with the right voice.
 */
function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-picker">
      <label htmlFor="language-picker">
        <span aria-hidden="true">🌐</span>
        <span className="visually-hidden">{t('nav.language')}</span>
      </label>
      <select
        id="language-picker"
        value={languageOf(i18n.language) ?? DEFAULT_LANGUAGE}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void chooseLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
