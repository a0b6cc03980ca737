/**
 * /admin: the operations console (issue 16). Admins only; the console opens after the second factor (TOTP from an
 * authenticator app, enrolled here with a QR code, or a recovery code). Sections: overview, users, money,
 * licences, moderation, jobs, audit log — every action asks for a reason and lands in the audit log.
 */
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import {
  useAdminAction,
  useAudit,
  useCounts,
  useEnrol,
  useFee,
  useJobs,
  useLicences,
  useModeration,
  useMoneyIssues,
  useOpenConsole,
  useOverview,
  useSecondFactor,
  useUsers,
  useVerify,
} from '../api';
import '../admin.css';

const OverviewCharts = lazy(() => import('./overview-charts'));

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

function SecondFactorStep({ enrolled }: { enrolled: boolean }) {
  const { t } = useTranslation();
  const enrol = useEnrol();
  const verify = useVerify();
  const open = useOpenConsole();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate(code, { onSuccess: (r) => (r.recoveryCodes ? setCodes(r.recoveryCodes) : open()) });
  };
  if (codes)
    return (
      <div className="container narrow card stack">
        <h1>{t('admin.factor.recoveryTitle')}</h1>
        <p>{t('admin.factor.recoveryBody')}</p>
        <ul className="admin-codes">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button className="btn btn-primary" onClick={open}>
          {t('admin.factor.continue')}
        </button>
      </div>
    );
  return (
    <div className="container narrow card stack">
      <h1>{t('admin.factor.title')}</h1>
      {!enrolled && !enrol.data && (
        <>
          <p>{t('admin.factor.enrolBody')}</p>
          <button className="btn btn-primary" onClick={() => enrol.mutate()} disabled={enrol.isPending}>
            {t('admin.factor.enrol')}
          </button>
        </>
      )}
      {enrol.data && (
        <div className="stack">
          <img src={enrol.data.qrDataUrl} alt={t('admin.factor.qrAlt')} width={200} height={200} />
          <p className="muted">
            {t('admin.factor.manual')} <code data-testid="totp-secret">{enrol.data.secret}</code>
          </p>
        </div>
      )}
      {(enrolled || enrol.data) && (
        <form className="stack" onSubmit={submit}>
          <label className="field">
            <span>{t('admin.factor.code')}</span>
            <input
              name="code"
              autoComplete="one-time-code"
              inputMode="text"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          {verify.error && (
            <p className="error" role="alert">
              {verify.error.message}
            </p>
          )}
          <button className="btn btn-primary" type="submit" disabled={verify.isPending}>
            {t('admin.factor.verify')}
          </button>
        </form>
      )}
    </div>
  );
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

/** The reason every action carries; shared by the buttons of one section. */
function useReason() {
  const [reason, setReason] = useState('');
  const { t } = useTranslation();
  const input = (
    <label className="field admin-reason">
      <span>{t('admin.reason')}</span>
      <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('admin.reasonHint')} />
    </label>
  );
  return { reason, input, clear: () => setReason('') };
}

function ActionError({ error }: { error: Error | null }) {
  return error ? (
    <p className="error" role="alert">
      {error.message}
    </p>
  ) : null;
}

function OverviewSection() {
  const { t, i18n } = useTranslation();
  const o = useOverview();
  if (!o.data) return <p>{t('common.loading')}</p>;
  const money = (m: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency: o.data.currency }).format(m / 100);
  const total = o.data.days.reduce((a, d) => ({ b: a.b + d.bookings, g: a.g + d.grossMinor, p: a.p + d.platformMinor }), {
    b: 0,
    g: 0,
    p: 0,
  });
  return (
    <div className="stack">
      <div className="admin-kpis">
        <div className="card">
          <strong>{total.b}</strong>
          <span>{t('admin.overview.bookings30')}</span>
        </div>
        <div className="card">
          <strong>{money(total.g)}</strong>
          <span>{t('admin.overview.gross')}</span>
        </div>
        <div className="card">
          <strong>{money(total.p)}</strong>
          <span>{t('admin.overview.platform')}</span>
        </div>
        <div className="card">
          <strong>{o.data.liveParties.length}</strong>
          <span>{t('admin.overview.live')}</span>
        </div>
        <div className="card">
          <strong>{o.data.ledgerOk ? '✓' : '✗'}</strong>
          <span>{t('admin.overview.ledger')}</span>
        </div>
      </div>
      {o.data.liveParties.length > 0 && (
        <ul>
          {o.data.liveParties.map((p) => (
            <li key={p.partyId}>
              {p.stageName} — {t('admin.overview.viewers', { count: p.viewers })}
            </li>
          ))}
        </ul>
      )}
      <Suspense fallback={<p>{t('common.loading')}</p>}>
        <OverviewCharts data={o.data} />
      </Suspense>
    </div>
  );
}

function UsersSection() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUsers(q);
  const act = useAdminAction();
  const r = useReason();
  const [invite, setInvite] = useState({ email: '', displayName: '' });
  return (
    <div className="stack">
      <label className="field">
        <span>{t('admin.users.search')}</span>
        <input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {r.input}
      <ActionError error={act.error} />
      <ul className="admin-list">
        {users.data?.items.map((u) => (
          <li key={u.id} className="card" data-testid="admin-user">
            <div>
              <strong>{u.displayName}</strong> <span className="muted">{u.email}</span>{' '}
              <span className="badge">{t(`admin.roles.${u.role}`)}</span>
              {u.suspended && <p className="error">{t('admin.users.suspended', { reason: u.suspended.reason })}</p>}
            </div>
            {u.suspended ? (
              <button
                className="btn"
                onClick={() => act.mutate({ path: `/admin/users/${u.id}/reinstate`, body: { reason: r.reason } })}
              >
                {t('admin.users.reinstate')}
              </button>
            ) : (
              <button
                className="btn btn-danger"
                onClick={() => act.mutate({ path: `/admin/users/${u.id}/suspend`, body: { reason: r.reason } })}
              >
                {t('admin.users.suspend')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate({ path: '/admin/admins', body: invite });
        }}
      >
        <h2>{t('admin.users.invite')}</h2>
        <label className="field">
          <span>{t('admin.users.name')}</span>
          <input value={invite.displayName} onChange={(e) => setInvite({ ...invite, displayName: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('admin.users.email')}</span>
          <input type="email" value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} />
        </label>
        <button className="btn" type="submit">
          {t('admin.users.sendInvite')}
        </button>
      </form>
    </div>
  );
}

function MoneySection() {
  const { t, i18n } = useTranslation();
  const fee = useFee();
  const issues = useMoneyIssues();
  const act = useAdminAction();
  const r = useReason();
  const [pct, setPct] = useState('');
  return (
    <div className="stack">
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate({
            method: 'PUT',
            path: '/admin/settings',
            body: { feeBps: Math.round(Number(pct) * 100), ...(r.reason ? { reason: r.reason } : {}) },
          });
        }}
      >
        <h2>{t('admin.money.fee', { pct: ((fee.data?.feeBps ?? 0) / 100).toLocaleString(i18n.language) })}</h2>
        <label className="field">
          <span>{t('admin.money.newFee')}</span>
          <input name="fee" inputMode="decimal" value={pct} onChange={(e) => setPct(e.target.value)} />
        </label>
        {r.input}
        <ActionError error={act.error} />
        <button className="btn btn-primary" type="submit">
          {t('admin.money.save')}
        </button>
        <p className="muted">{t('admin.money.newOnly')}</p>
      </form>
      <h2>{t('admin.money.history')}</h2>
      <ul className="admin-list">
        {fee.data?.history.map((h) => (
          <li key={h.at}>
            {new Date(h.at).toLocaleString(i18n.language)} — {h.fromBps / 100} % → {h.feeBps / 100} % ({h.by}) {h.reason}
          </li>
        ))}
      </ul>
      <h2>{t('admin.money.issues')}</h2>
      {issues.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {issues.data?.items.map((b) => (
          <li key={b.id} className="card">
            <a href={paths.booking.to(b.id)}>{b.stageName}</a> — {b.state} {b.disputeStatus && `· ${t('admin.money.dispute')}`} ·{' '}
            {new Intl.NumberFormat(i18n.language, { style: 'currency', currency: b.currency }).format(b.totalMinor / 100)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function LicencesSection() {
  const { t } = useTranslation();
  const list = useLicences();
  const act = useAdminAction();
  const r = useReason();
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      {list.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {list.data?.items.map((l) => (
          <li key={l.id} className="card" data-testid="admin-licence">
            <div>
              <strong>{l.stageName}</strong> · {t(`admin.licences.kinds.${l.kind}`)} · {l.territory} ·{' '}
              {t('admin.licences.until', { date: l.expiresOn })}{' '}
              <a href={`/api/admin/licences/${l.id}/file`} target="_blank" rel="noreferrer">
                {t('admin.licences.open')}
              </a>
            </div>
            <div className="row">
              <button className="btn btn-primary" onClick={() => act.mutate({ path: `/admin/licences/${l.id}/approve` })}>
                {t('admin.licences.approve')}
              </button>
              <button
                className="btn btn-danger"
                onClick={() => act.mutate({ path: `/admin/licences/${l.id}/reject`, body: { reason: r.reason } })}
              >
                {t('admin.licences.reject')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ModerationSection() {
  const { t, i18n } = useTranslation();
  const list = useModeration();
  const act = useAdminAction();
  const r = useReason();
  const decide = (kind: string, id: string, action: string) =>
    act.mutate({ path: `/admin/moderation/${kind}/${id}/${action}`, body: r.reason ? { reason: r.reason } : {} });
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      {list.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {list.data?.items.map((m) => (
          <li key={m.id} className="card" data-testid="admin-report">
            <div>
              <span className="badge">{t(`admin.moderation.kinds.${m.kind}`)}</span> <q>{m.excerpt}</q>
              <span className="muted"> · {new Date(m.createdAt).toLocaleString(i18n.language)}</span>
            </div>
            <div className="row">
              <button className="btn" onClick={() => decide(m.kind, m.id, 'dismiss')}>
                {t('admin.moderation.dismiss')}
              </button>
              <button className="btn btn-danger" onClick={() => decide(m.kind, m.id, 'remove')}>
                {t('admin.moderation.remove')}
              </button>
              {m.authorUserId && (
                <button className="btn btn-danger" onClick={() => decide(m.kind, m.id, 'suspend')}>
                  {t('admin.moderation.suspend')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function JobsSection() {
  const { t } = useTranslation();
  const jobs = useJobs();
  const act = useAdminAction();
  const r = useReason();
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      {jobs.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {jobs.data?.items.map((j) => (
          <li key={j.id} className="card">
            <div>
              <strong>{j.name}</strong> <span className="badge">{t(`admin.jobs.${j.status}`)}</span> ·{' '}
              {t('admin.jobs.attempts', { count: j.attempts })}
              {j.lastError && <pre className="admin-error">{j.lastError}</pre>}
            </div>
            <div className="row">
              <button
                className="btn"
                onClick={() => act.mutate({ path: `/admin/jobs/${j.id}/retry`, body: r.reason ? { reason: r.reason } : {} })}
              >
                {t('admin.jobs.retry')}
              </button>
              <button
                className="btn btn-danger"
                onClick={() => act.mutate({ path: `/admin/jobs/${j.id}/cancel`, body: { reason: r.reason } })}
              >
                {t('admin.jobs.cancel')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function AuditSection() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const audit = useAudit(q);
  return (
    <div className="stack">
      <label className="field">
        <span>{t('admin.audit.search')}</span>
        <input type="search" name="audit-q" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('admin.audit.when')}</th>
            <th>{t('admin.audit.who')}</th>
            <th>{t('admin.audit.what')}</th>
            <th>{t('admin.audit.target')}</th>
            <th>{t('admin.audit.why')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.items.map((a) => (
            <tr key={a.id} data-testid="audit-row">
              <td>{new Date(a.createdAt).toLocaleString(i18n.language)}</td>
              <td>{a.actorName}</td>
              <td>
                <code>{a.action}</code>
              </td>
              <td>
                {a.targetType} <span className="muted">{a.targetId.slice(0, 8)}</span>
              </td>
              <td>{a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
