import { useTranslation } from 'react-i18next';
import { LEGAL_VERSION } from '@partystream/shared/account/account.schemas';

const PRIVACY_SECTIONS = ['controller', 'data', 'purposes', 'retention', 'rights', 'cookies', 'processors', 'contact'] as const;
const TERMS_SECTIONS = ['service', 'accounts', 'bookings', 'conduct', 'liability', 'ending'] as const;

function LegalPage({ kind, sections }: { kind: 'privacy' | 'terms'; sections: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <article className="container narrow stack legal-page">
      <h1>{t(`legal.${kind}.title`)}</h1>
      <p className="muted">{t('legal.version', { version: LEGAL_VERSION })}</p>
      <p>{t(`legal.${kind}.intro`)}</p>
      {sections.map((s) => (
        <section key={s} aria-labelledby={`${kind}-${s}`}>
          <h2 id={`${kind}-${s}`}>{t(`legal.${kind}.${s}.title`)}</h2>
          <p>{t(`legal.${kind}.${s}.body`)}</p>
        </section>
      ))}
    </article>
  );
}

/** The privacy policy (GDPR art. 13, CCPA notice at collection); its version is stored with each consent. */
export function PrivacyPage() {
  return <LegalPage kind="privacy" sections={PRIVACY_SECTIONS} />;
}

export function TermsPage() {
  return <LegalPage kind="terms" sections={TERMS_SECTIONS} />;
}
