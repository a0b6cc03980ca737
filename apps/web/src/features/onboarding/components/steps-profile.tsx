import { useTranslation } from 'react-i18next';
import { GENRES, LANGUAGES } from '@partystream/shared/dj/dj.schemas';
import { CITIES, CITY_BY_ID } from '@partystream/shared/dj/cities';
import { languageName } from '../../../lib/format';
import type { StepProps } from '../onboarding-form';
import { TextField } from './text-field';

/** Step 1: who you are and where (the photo pickers sit above it, in the page). */
export function BasicsStep({ form, set, setForm, err }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        id="stageName"
        label={t('onboarding.stageName')}
        value={form.stageName}
        onChange={(v) => set('stageName', v)}
        error={err('stageName')}
      />
      <div className="field">
        <label htmlFor="bio">{t('onboarding.bio')}</label>
        <textarea id="bio" rows={4} value={form.bio} onChange={(e) => set('bio', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="cityId">{t('onboarding.city')}</label>
        <select
          id="cityId"
          value={form.cityId}
          aria-invalid={err('cityId') ? 'true' : undefined}
          onChange={(e) =>
            setForm({
              ...form,
              cityId: e.target.value,
              timeZone: CITY_BY_ID.get(e.target.value)?.timeZone ?? form.timeZone,
            })
          }
        >
          <option value="">{t('onboarding.pickCity')}</option>
          {CITIES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.country})
            </option>
          ))}
        </select>
        {err('cityId') ? (
          <span className="field-error" role="alert">
            {err('cityId')}
          </span>
        ) : null}
      </div>
      <TextField
        id="timeZone"
        label={t('onboarding.timeZone')}
        value={form.timeZone}
        onChange={(v) => set('timeZone', v)}
        error={err('timeZone')}
        hint={t('onboarding.timeZoneHint')}
      />
      <TextField
        id="yearsExperience"
        type="number"
        label={t('onboarding.years')}
        value={form.yearsExperience}
        onChange={(v) => set('yearsExperience', v)}
        error={err('yearsExperience')}
      />
    </>
  );
}

/** Step 2: genres, tags, languages, equipment. */
export function MusicStep({ form, set, err }: StepProps) {
  const { t, i18n } = useTranslation();
  const toggle = (k: 'genres' | 'languages', v: string) =>
    set(k, form[k].includes(v) ? form[k].filter((x) => x !== v) : [...form[k], v]);
  return (
    <>
      <fieldset className="field">
        <legend>{t('onboarding.genres')}</legend>
        <div className="chips">
          {GENRES.map((g) => (
            <button
              key={g}
              type="button"
              className={`chip${form.genres.includes(g) ? ' on' : ''}`}
              aria-pressed={form.genres.includes(g)}
              onClick={() => toggle('genres', g)}
            >
              {t(`dj.genres.${g}`, { defaultValue: g })}
            </button>
          ))}
        </div>
        {err('genres') ? (
          <span className="field-error" role="alert">
            {err('genres')}
          </span>
        ) : null}
      </fieldset>
      <TextField
        id="tags"
        label={t('onboarding.tags')}
        value={form.tags}
        onChange={(v) => set('tags', v)}
        error={err('tags')}
        hint={t('onboarding.commaHint')}
      />
      <fieldset className="field">
        <legend>{t('onboarding.languages')}</legend>
        <div className="chips">
          {LANGUAGES.map((l) => (
            <button
              key={l}
              type="button"
              className={`chip${form.languages.includes(l) ? ' on' : ''}`}
              aria-pressed={form.languages.includes(l)}
              onClick={() => toggle('languages', l)}
            >
              {languageName(l, i18n.language)}
            </button>
          ))}
        </div>
        {err('languages') ? (
          <span className="field-error" role="alert">
            {err('languages')}
          </span>
        ) : null}
      </fieldset>
      <TextField
        id="equipment"
        label={t('onboarding.equipment')}
        value={form.equipment}
        onChange={(v) => set('equipment', v)}
        error={err('equipment')}
        hint={t('onboarding.commaHint')}
      />
    </>
  );
}
