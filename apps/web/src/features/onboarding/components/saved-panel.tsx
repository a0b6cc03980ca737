import type { ComponentType } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import { paths } from '../../../config/paths';
import type { Step } from '../onboarding-form';

/**
 * After a save: "live" only when the public page agrees — hosts can book (payouts ready) and there are weekly hours
 * to book (issue 20). Otherwise it names each thing still missing, with the way to do it right there.
 */
export function SavedPanel({
  profile,
  hasHours,
  AfterSave,
  onEdit,
}: {
  profile: DjProfile;
  hasHours: boolean;
  AfterSave?: ComponentType;
  onEdit: (step?: Step) => void;
}) {
  const { t } = useTranslation();
  const missing = [...(hasHours ? [] : ['hours' as const]), ...(profile.bookable ? [] : ['payouts' as const])];
  const live = missing.length === 0;
  return (
    <div className="container narrow card stack" role="status" data-testid="saved-panel">
      <h1>{live ? t('onboarding.savedTitle') : t('onboarding.savedNotLiveTitle', { count: missing.length })}</h1>
      <p>{live ? t('onboarding.savedBody') : t('onboarding.savedNotLiveBody')}</p>
      {!live ? (
        <ul className="checklist" data-testid="missing">
          {missing.map((m) => (
            <li key={m}>
              <strong>{t(`onboarding.missing.${m}.title`)}</strong>
              <span className="muted"> — {t(`onboarding.missing.${m}.body`)}</span>
              {m === 'hours' ? (
                <div>
                  <button type="button" className="btn" onClick={() => onEdit('hours')}>
                    {t('onboarding.missing.hours.action')}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {AfterSave && !profile.bookable ? <AfterSave /> : null}
      {!profile.photoUrl ? <p className="muted small">{t('onboarding.missingPhoto')}</p> : null}
      <div className="row">
        <Link className="btn btn-primary" to={paths.djProfile.to(profile.id)}>
          {t('onboarding.viewProfile')}
        </Link>
        <button className="btn" type="button" onClick={() => onEdit()}>
          {t('onboarding.keepEditing')}
        </button>
      </div>
    </div>
  );
}
