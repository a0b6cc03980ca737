/**
 * /admin: the operations console (issue 16). Admins only; the console opens after the second factor (TOTP from an
 * authenticator app, enrolled here with a QR code, or a recovery code). Sections: overview, users, money,
 * licences, moderation, jobs, audit log — every action asks for a reason and lands in the audit log.
 */
import { useState } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { useCounts, useSecondFactor } from '../api';
import { SecondFactorStep } from './second-factor-step';
import { OverviewSection } from './overview-section';
import { UsersSection } from './users-section';
import { MoneySection } from './money-section';
import { LicencesSection } from './licences-section';
import { ModerationSection } from './moderation-section';
import { JobsSection } from './jobs-section';
import { AuditSection } from './audit-section';
import '../admin.css';

const SECTIONS = ['overview', 'users', 'money', 'licences', 'moderation', 'jobs', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

export function AdminConsole() {
  const { t } = useTranslation();
  const me = useMe();
  const isAdmin = me.data?.role === 'admin';
  const factor = useSecondFactor(isAdmin);
  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.admin.to())} replace />;
  if (!isAdmin) return <Navigate to={paths.home.to()} replace />;
  if (factor.isPending) return <p className="container">{t('common.loading')}</p>;
  if (factor.data?.state !== 'verified') return <SecondFactorStep enrolled={factor.data?.state === 'enrolled'} />;
  return <Console />;
}

function Console() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('overview');
  const counts = useCounts();
  const badge = (s: Section) => {
    const c = counts.data;
    const n = !c
      ? 0
      : s === 'moderation'
        ? c.moderation
        : s === 'licences'
          ? c.licences
          : s === 'jobs'
            ? c.failedJobs
            : s === 'money'
              ? c.disputes
              : 0;
    return n > 0 ? (
      <span className="admin-count" aria-label={t('admin.open', { count: n })}>
        {n}
      </span>
    ) : null;
  };
  return (
    <div className="container admin">
      <h1>{t('admin.title')}</h1>
      <nav className="admin-nav" aria-label={t('admin.title')}>
        {SECTIONS.map((s) => (
          <button
            key={s}
            className={s === section ? 'active' : ''}
            aria-current={s === section ? 'page' : undefined}
            onClick={() => setSection(s)}
          >
            {t(`admin.nav.${s}`)} {badge(s)}
          </button>
        ))}
      </nav>
      <section className="admin-section">
        {section === 'overview' && <OverviewSection />}
        {section === 'users' && <UsersSection />}
        {section === 'money' && <MoneySection />}
        {section === 'licences' && <LicencesSection />}
        {section === 'moderation' && <ModerationSection />}
        {section === 'jobs' && <JobsSection />}
        {section === 'audit' && <AuditSection />}
      </section>
    </div>
  );
}
