import { useState, type ComponentType } from 'react';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DjProfileInputSchema, GENRES, LANGUAGES, type DjProfile } from '@partystream/shared/dj/dj.schemas';
import { WeeklyHoursInputSchema, type WeeklyRange } from '@partystream/shared/availability/availability.schemas';
import { CITIES, CITY_BY_ID } from '@partystream/shared/dj/cities';
import { CURRENCIES } from '@partystream/shared/money';
import { api, ApiError } from '../../../lib/api-client';
import { fieldMessage, problemMessage } from '../../../lib/problem-messages';
import { issueOf } from '../../../lib/use-zod-form';
import { languageName, viewerTimeZone } from '../../../lib/format';
import { FormError } from '../../../components/ui/field';
import { Avatar } from '../../../components/ui/avatar';
import { paths } from '../../../config/paths';
import { useMe } from '../../../lib/auth';
import '../onboarding.css';

type Form = {
  stageName: string;
  bio: string;
  genres: string[];
  tags: string;
  yearsExperience: string;
  equipment: string;
  languages: string[];
  cityId: string;
  timeZone: string;
  currency: string;
  pricingKind: 'hourly' | 'per_event';
  rate: string;
  minHours: string;
  maxHours: string;
  eventPrice: string;
  eventHours: string;
  sampleLinks: string;
  cancellationPolicy: 'flexible' | 'moderate' | 'strict';
  autoAccept: boolean;
  bufferMinutes: string;
  minNoticeHours: string;
  maxAdvanceDays: string;
};

const STEPS = ['basics', 'music', 'pricing', 'samples', 'rules', 'hours'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function fromProfile(p: DjProfile | null): Form {
  const exp = (c: string) => CURRENCIES[c as keyof typeof CURRENCIES] ?? 2;
  const major = (minor: number, c: string) => String(minor / 10 ** exp(c));
  return {
    stageName: p?.stageName ?? '',
    bio: p?.bio ?? '',
    genres: p?.genres ?? [],
    tags: p?.tags.join(', ') ?? '',
    yearsExperience: String(p?.yearsExperience ?? 1),
    equipment: p?.equipment.join(', ') ?? '',
    // Nothing pre-selected: a pre-selected English was a trap (clicking it removed it) (issue 20).
    languages: p?.languages ?? [],
    cityId: p?.city.id ?? '',
    timeZone: p?.timeZone ?? viewerTimeZone(),
    currency: p?.currency ?? 'EUR',
    pricingKind: p?.pricing.kind ?? 'hourly',
    rate: p?.pricing.kind === 'hourly' ? major(p.pricing.hourlyRateMinor, p.currency) : '',
    minHours: p?.pricing.kind === 'hourly' ? String(p.pricing.minHours) : '2',
    maxHours: p?.pricing.kind === 'hourly' ? String(p.pricing.maxHours) : '6',
    eventPrice: p?.pricing.kind === 'per_event' ? major(p.pricing.eventPriceMinor, p.currency) : '',
    eventHours: p?.pricing.kind === 'per_event' ? String(p.pricing.eventMinutes / 60) : '4',
    sampleLinks: p?.sampleLinks.map((s) => s.url).join('\n') ?? '',
    cancellationPolicy: p?.cancellationPolicy ?? 'moderate',
    autoAccept: p?.autoAccept ?? false,
    bufferMinutes: String(p?.bufferMinutes ?? 30),
    minNoticeHours: String(p?.minNoticeHours ?? 24),
    maxAdvanceDays: String(p?.maxAdvanceDays ?? 180),
  };
}

function toBody(f: Form) {
  const exp = CURRENCIES[f.currency as keyof typeof CURRENCIES] ?? 2;
  const minor = (v: string) => Math.round(Number(v) * 10 ** exp);
  const list = (s: string) =>
    s
      .split(/[,\n]/)
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    stageName: f.stageName,
    bio: f.bio,
    genres: f.genres,
    tags: list(f.tags),
    yearsExperience: Number(f.yearsExperience),
    equipment: list(f.equipment),
    languages: f.languages,
    cityId: f.cityId,
    timeZone: f.timeZone,
    currency: f.currency,
    pricing:
      f.pricingKind === 'hourly'
        ? { kind: 'hourly', hourlyRateMinor: minor(f.rate), minHours: Number(f.minHours), maxHours: Number(f.maxHours) }
        : { kind: 'per_event', eventPriceMinor: minor(f.eventPrice), eventMinutes: Math.round(Number(f.eventHours) * 60) },
    sampleLinks: f.sampleLinks
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean),
    cancellationPolicy: f.cancellationPolicy,
    autoAccept: f.autoAccept,
    bufferMinutes: Number(f.bufferMinutes),
    minNoticeHours: Number(f.minNoticeHours),
    maxAdvanceDays: Number(f.maxAdvanceDays),
  };
}

/** Which step a server field error belongs to, so the form jumps there. */
const STEP_OF: Record<string, (typeof STEPS)[number]> = {
  stageName: 'basics',
  bio: 'basics',
  cityId: 'basics',
  timeZone: 'basics',
  yearsExperience: 'basics',
  genres: 'music',
  tags: 'music',
  languages: 'music',
  equipment: 'music',
  currency: 'pricing',
  pricing: 'pricing',
  sampleLinks: 'samples',
  cancellationPolicy: 'rules',
  autoAccept: 'rules',
  bufferMinutes: 'rules',
  minNoticeHours: 'rules',
  maxAdvanceDays: 'rules',
};

/** `afterSave` (from the router): what a freshly saved DJ should do next — the payout setup that makes them bookable. */
export function DjOnboardingPage({ afterSave: AfterSave }: { afterSave?: ComponentType } = {}) {
  const { t } = useTranslation();
  const me = useMe();
  const mine = useQuery({
    queryKey: ['djs', 'me'],
    queryFn: async () => (await api.get<{ profile: DjProfile | null }>('/djs/me')).profile,
    enabled: me.data?.role === 'dj',
  });
  const availability = useQuery({
    queryKey: ['djs', 'me', 'availability'],
    queryFn: () => api.get<{ weekly: WeeklyRange[] }>('/djs/me/availability'),
    enabled: !!mine.data,
  });
  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.onboarding.to())} replace />;
  if (me.data.role !== 'dj') return <p className="container card">{t('onboarding.djOnly')}</p>;
  if (mine.isPending || (mine.data && availability.isPending)) return <p className="container">{t('common.loading')}</p>;
  if (mine.error) return <p className="container alert alert-error">{(mine.error as Error).message}</p>;
  return <ProfileForm profile={mine.data ?? null} initialWeekly={availability.data?.weekly ?? []} AfterSave={AfterSave} />;
}

function ProfileForm({
  profile,
  initialWeekly,
  AfterSave,
}: {
  profile: DjProfile | null;
  initialWeekly: WeeklyRange[];
  AfterSave?: ComponentType;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<Form>(() => fromProfile(profile));
  const [weekly, setWeekly] = useState<WeeklyRange[]>(initialWeekly);
  const [step, setStep] = useState<(typeof STEPS)[number]>('basics');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<DjProfile | null>(null);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const toggle = (k: 'genres' | 'languages', v: string) =>
    set(k, form[k].includes(v) ? form[k].filter((x) => x !== v) : [...form[k], v]);
  const err = (k: string) => errors[k] ?? Object.entries(errors).find(([p]) => p.startsWith(`${k}.`))?.[1];
  const idx = STEPS.indexOf(step);

  function stepErrors(s: (typeof STEPS)[number]): Record<string, string> {
    const body = toBody(form);
    const r = DjProfileInputSchema.safeParse(body);
    const out: Record<string, string> = {};
    if (r.success) return out;
    for (const i of r.error.issues) {
      if (STEP_OF[String(i.path[0])] !== s) continue;
      out[i.path.map(String).join('.')] ??= fieldMessage(issueOf(i, body), t, { language: i18n.language });
    }
    return out;
  }

  async function save() {
    setFormError(null);
    setErrors({});
    const w = WeeklyHoursInputSchema.safeParse({ ranges: weekly });
    if (!w.success) {
      setErrors({ weekly: t('errors.field.weekly') });
      setStep('hours');
      return;
    }
    try {
      const res = await api.put<{ profile: DjProfile }>('/djs/me', toBody(form));
      await api.put('/djs/me/availability/weekly', { ranges: weekly });
      setSaved(res.profile);
      // Update in place (a refetch of "me" must not remount this form) and refresh what others see.
      qc.setQueryData(['djs', 'me'], res.profile);
      qc.setQueryData(['djs', 'me', 'availability'], (old: object | undefined) => ({ ...old, weekly }));
      void qc.invalidateQueries({ queryKey: ['djs', 'search'] });
      void qc.invalidateQueries({ queryKey: ['djs', res.profile.id] });
    } catch (e) {
      if (e instanceof ApiError) {
        const fe = e.fieldErrors();
        setErrors(fe);
        setFormError(e.message);
        const first = Object.keys(fe)[0]?.split('.')[0];
        if (first && STEP_OF[first]) setStep(STEP_OF[first]);
      } else setFormError(problemMessage(e, t));
    }
  }

  if (saved) {
    return (
      <div className="container narrow card stack" role="status">
        {/* "Live" only when the public page says bookable too (issue 20); otherwise say what is left. */}
        <h1>{saved.bookable ? t('onboarding.savedTitle') : t('onboarding.savedNotLiveTitle')}</h1>
        <p>{saved.bookable ? t('onboarding.savedBody') : t('onboarding.savedNotLiveBody')}</p>
        {AfterSave && !saved.bookable ? <AfterSave /> : null}
        <div className="row">
          <Link className="btn btn-primary" to={paths.djProfile.to(saved.id)}>
            {t('onboarding.viewProfile')}
          </Link>
          <button className="btn" type="button" onClick={() => setSaved(null)}>
            {t('onboarding.keepEditing')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="container onboarding">
      <h1>{profile ? t('onboarding.editTitle') : t('onboarding.title')}</h1>
      <ol className="steps" aria-label={t('onboarding.steps')}>
        {STEPS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              className={`step${s === step ? ' current' : ''}`}
              aria-current={s === step ? 'step' : undefined}
              onClick={() => setStep(s)}
            >
              <span className="step-n">{i + 1}</span> {t(`onboarding.step.${s}`)}
            </button>
          </li>
        ))}
      </ol>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (idx < STEPS.length - 1) {
            // "Next" checks this step with the shared schema first, so mistakes show where they were made.
            const found = stepErrors(step);
            setErrors(found);
            if (Object.keys(found).length === 0) setStep(STEPS[idx + 1]!);
          } else void save();
        }}
        noValidate
      >
        {step === 'basics' && (
          <>
            {profile ? (
              <PhotoPicker profile={saved ?? profile} onChange={(p) => qc.setQueryData(['djs', 'me'], p)} />
            ) : (
              <p className="muted small">{t('onboarding.photoLater')}</p>
            )}
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
        )}
        {step === 'music' && (
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
        )}
        {step === 'pricing' && (
          <>
            <div className="field">
              <label htmlFor="currency">{t('search.currency')}</label>
              <select id="currency" value={form.currency} onChange={(e) => set('currency', e.target.value)}>
                {Object.keys(CURRENCIES).map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </div>
            <fieldset className="field">
              <legend>{t('onboarding.pricingKind')}</legend>
              <div className="row">
                {(['hourly', 'per_event'] as const).map((k) => (
                  <label key={k} className="radio">
                    <input
                      type="radio"
                      name="pricingKind"
                      checked={form.pricingKind === k}
                      onChange={() => set('pricingKind', k)}
                    />{' '}
                    {t(`onboarding.pricing.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            {form.pricingKind === 'hourly' ? (
              <>
                <TextField
                  id="rate"
                  type="number"
                  label={t('onboarding.rate', { currency: form.currency })}
                  value={form.rate}
                  onChange={(v) => set('rate', v)}
                  error={err('pricing.hourlyRateMinor')}
                />
                <div className="row two">
                  <TextField
                    id="minHours"
                    type="number"
                    label={t('onboarding.minHours')}
                    value={form.minHours}
                    onChange={(v) => set('minHours', v)}
                    error={err('pricing.minHours')}
                  />
                  <TextField
                    id="maxHours"
                    type="number"
                    label={t('onboarding.maxHours')}
                    value={form.maxHours}
                    onChange={(v) => set('maxHours', v)}
                    error={err('pricing.maxHours')}
                  />
                </div>
              </>
            ) : (
              <div className="row two">
                <TextField
                  id="eventPrice"
                  type="number"
                  label={t('onboarding.eventPrice', { currency: form.currency })}
                  value={form.eventPrice}
                  onChange={(v) => set('eventPrice', v)}
                  error={err('pricing.eventPriceMinor')}
                />
                <TextField
                  id="eventHours"
                  type="number"
                  label={t('onboarding.eventHours')}
                  value={form.eventHours}
                  onChange={(v) => set('eventHours', v)}
                  error={err('pricing.eventMinutes')}
                />
              </div>
            )}
          </>
        )}
        {step === 'samples' && (
          <div className="field">
            <label htmlFor="sampleLinks">{t('onboarding.samples')}</label>
            <textarea
              id="sampleLinks"
              rows={4}
              value={form.sampleLinks}
              placeholder="https://soundcloud.com/you/your-mix"
              aria-invalid={err('sampleLinks') ? 'true' : undefined}
              onChange={(e) => set('sampleLinks', e.target.value)}
            />
            <small className="muted">{t('onboarding.samplesHint')}</small>
            {err('sampleLinks') ? (
              <span className="field-error" role="alert">
                {err('sampleLinks')}
              </span>
            ) : null}
          </div>
        )}
        {step === 'rules' && (
          <>
            <div className="field">
              <label htmlFor="policy">{t('dj.profile.cancellation')}</label>
              <select
                id="policy"
                value={form.cancellationPolicy}
                onChange={(e) => set('cancellationPolicy', e.target.value as Form['cancellationPolicy'])}
              >
                {(['flexible', 'moderate', 'strict'] as const).map((p) => (
                  <option key={p} value={p}>
                    {t(`dj.policy.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <label className="radio">
              <input type="checkbox" checked={form.autoAccept} onChange={(e) => set('autoAccept', e.target.checked)} />{' '}
              {t('onboarding.autoAccept')}
            </label>
            <div className="row two">
              <TextField
                id="bufferMinutes"
                type="number"
                label={t('onboarding.buffer')}
                value={form.bufferMinutes}
                onChange={(v) => set('bufferMinutes', v)}
                error={err('bufferMinutes')}
              />
              <TextField
                id="minNoticeHours"
                type="number"
                label={t('onboarding.notice')}
                value={form.minNoticeHours}
                onChange={(v) => set('minNoticeHours', v)}
                error={err('minNoticeHours')}
              />
            </div>
            <TextField
              id="maxAdvanceDays"
              type="number"
              label={t('onboarding.advance')}
              value={form.maxAdvanceDays}
              onChange={(v) => set('maxAdvanceDays', v)}
              error={err('maxAdvanceDays')}
            />
          </>
        )}
        {step === 'hours' && (
          <div className="stack">
            <p className="muted">{t('onboarding.hoursLead', { tz: form.timeZone })}</p>
            {weekly.map((r, i) => (
              <div key={i} className="row hours-row">
                <select
                  aria-label={t('onboarding.weekday')}
                  value={r.weekday}
                  onChange={(e) => setWeekly(weekly.map((x, j) => (j === i ? { ...x, weekday: Number(e.target.value) } : x)))}
                >
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {t(`onboarding.weekdays.${d}`)}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={t('search.from')}
                  type="time"
                  value={r.start}
                  onChange={(e) => setWeekly(weekly.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))}
                />
                <span aria-hidden>–</span>
                <input
                  aria-label={t('search.to')}
                  type="time"
                  value={r.end}
                  onChange={(e) => setWeekly(weekly.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)))}
                />
                <button type="button" className="btn btn-danger" onClick={() => setWeekly(weekly.filter((_, j) => j !== i))}>
                  {t('onboarding.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="btn"
              onClick={() => setWeekly([...weekly, { weekday: 5, start: '20:00', end: '02:00' }])}
            >
              {t('onboarding.addHours')}
            </button>
            {errors.weekly ? (
              <span className="field-error" role="alert">
                {errors.weekly}
              </span>
            ) : null}
          </div>
        )}
        <FormError message={formError} />
        <div className="row step-nav">
          {idx > 0 ? (
            <button type="button" className="btn" onClick={() => setStep(STEPS[idx - 1]!)}>
              {t('onboarding.back')}
            </button>
          ) : null}
          {idx < STEPS.length - 1 ? (
            <button type="submit" className="btn btn-primary">
              {t('onboarding.next')}
            </button>
          ) : null}
          <button type="button" className={idx === STEPS.length - 1 ? 'btn btn-primary' : 'btn'} onClick={() => void save()}>
            {t('onboarding.save')}
          </button>
        </div>
      </form>
    </div>
  );
}

function PhotoPicker({ profile, onChange }: { profile: DjProfile; onChange: (p: DjProfile) => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(profile);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function pick(file: File | undefined) {
    if (!file) return;
    setError(null);
    setBusy(true);
    const form = new FormData();
    form.append('photo', file);
    try {
      const res = await api.put<{ profile: DjProfile }>('/djs/me/photo', form);
      setCurrent(res.profile);
      onChange(res.profile);
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="row photo-picker">
      <Avatar name={current.stageName} url={current.photoUrl} size="lg" />
      <div className="field">
        <label htmlFor="photo">{t('onboarding.photo')}</label>
        <input
          id="photo"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          disabled={busy}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        <small className="muted">{t('onboarding.photoHint')}</small>
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    </div>
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  type?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && !props.error ? <small className="muted">{props.hint}</small> : null}
      {props.error ? (
        <span id={`${props.id}-error`} className="field-error" role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}
