/** Users: search, suspend and reinstate with a reason, invite another admin. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminAction, useUsers } from '../api';
import { useReason, ActionError } from './console-kit';
import { UserDetail } from './user-detail';

export function UsersSection() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUsers(q);
  const act = useAdminAction();
  const r = useReason();
  const [invite, setInvite] = useState({ email: '', displayName: '' });
  const [open, setOpen] = useState<string | null>(null);
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
            <button className="btn" aria-expanded={open === u.id} onClick={() => setOpen(open === u.id ? null : u.id)}>
              {open === u.id ? t('admin.users.hideDetails') : t('admin.users.details')}
            </button>
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
            {open === u.id ? <UserDetail id={u.id} /> : null}
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
