/** The admin sign-in step: enrol an authenticator (QR code) or enter its code or a recovery code. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnrol, useOpenConsole, useVerify } from '../api';

export function SecondFactorStep({ enrolled }: { enrolled: boolean }) {
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
