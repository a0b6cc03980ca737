import { useState, type ComponentType } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DjProfileInputSchema, type DjProfile } from '@partystream/shared/dj/dj.schemas';
import { WeeklyHoursInputSchema, type WeeklyRange } from '@partystream/shared/availability/availability.schemas';
import { api, ApiError } from '../../../lib/api-client';
import { fieldMessage, problemMessage } from '../../../lib/problem-messages';
import { issueOf } from '../../../lib/use-zod-form';
import { FormError } from '../../../components/ui/field';
import { Skeleton } from '../../../components/ui/skeleton';
import { paths } from '../../../config/paths';
import { useMe } from '../../../lib/auth';
import { fromProfile, STEP_OF, STEPS, toBody, type Form, type Step, type StepProps } from '../onboarding-form';
import { BasicsStep, MusicStep } from './steps-profile';
import { PricingStep, RulesStep, SamplesStep } from './steps-terms';
import { HoursStep } from './step-hours';
import { PhotoPicker, uploadProfilePhoto } from './photo-picker';
import { GalleryManager } from './gallery-manager';
import { SavedPanel } from './saved-panel';
import '../onboarding.css';

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
  const loading = (
    <div className="container onboarding" aria-busy="true">
      <Skeleton lines={2} />
      <div className="card">
        <Skeleton lines={6} />
      </div>
    </div>
  );
  if (me.isPending) return loading;
  if (!me.data) return <Navigate to={paths.login.to(paths.onboarding.to())} replace />;
  if (me.data.role !== 'dj') return <p className="container card">{t('onboarding.djOnly')}</p>;
  if (mine.isPending || (mine.data && availability.isPending)) return loading;
  if (mine.error) return <p className="container alert alert-error">{(mine.error as Error).message}</p>;
  return <ProfileForm profile={mine.data ?? null} initialWeekly={availability.data?.weekly ?? []} AfterSave={AfterSave} />;
}

const STEP_VIEWS: Record<Exclude<Step, 'hours'>, ComponentType<StepProps>> = {
  basics: BasicsStep,
  music: MusicStep,
  pricing: PricingStep,
  samples: SamplesStep,
  rules: RulesStep,
};

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
  const [params] = useSearchParams();
  const [form, setForm] = useState<Form>(() => fromProfile(profile));
  const [weekly, setWeekly] = useState<WeeklyRange[]>(initialWeekly);
  const [step, setStep] = useState<Step>('basics');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<DjProfile | null>(null);
  const [current, setCurrent] = useState<DjProfile | null>(profile);
  const [pendingPhoto, setPendingPhoto] = useState<File | null>(null);
  const [saving, setSaving] = useState<number | 'saving' | null>(null);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const err = (k: string) => errors[k] ?? Object.entries(errors).find(([p]) => p.startsWith(`${k}.`))?.[1];
  const idx = STEPS.indexOf(step);
  const remember = (p: DjProfile) => {
    setCurrent(p);
    qc.setQueryData(['djs', 'me'], p);
    void qc.invalidateQueries({ queryKey: ['djs', p.id] });
  };

  function stepErrors(s: Step): Record<string, string> {
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
    setSaving('saving');
    try {
      let res = (await api.put<{ profile: DjProfile }>('/djs/me', toBody(form))).profile;
      await api.put('/djs/me/availability/weekly', { ranges: weekly });
      // A photo chosen before the profile existed goes up now, with its progress shown (issue 20).
      if (pendingPhoto) {
        setSaving(0);
        try {
          res = (await uploadProfilePhoto(pendingPhoto, setSaving)).profile;
          setPendingPhoto(null);
        } catch (e) {
          setFormError(problemMessage(e, t));
        }
      }
      remember(res);
      setSaved(res);
      // Update in place (a refetch of "me" must not remount this form) and refresh what others see.
      qc.setQueryData(['djs', 'me', 'availability'], (old: object | undefined) => ({ ...old, weekly }));
      void qc.invalidateQueries({ queryKey: ['djs', 'search'] });
    } catch (e) {
      if (e instanceof ApiError) {
        const fe = e.fieldErrors();
        setErrors(fe);
        setFormError(e.message);
        const first = Object.keys(fe)[0]?.split('.')[0];
        if (first && STEP_OF[first]) setStep(STEP_OF[first]);
      } else setFormError(problemMessage(e, t));
    } finally {
      setSaving(null);
    }
  }

  if (saved) {
    return (
      <SavedPanel
        profile={saved}
        hasHours={weekly.length > 0}
        AfterSave={AfterSave}
        onEdit={(s) => {
          setSaved(null);
          if (s) setStep(s);
        }}
      />
    );
  }

  const View = step === 'hours' ? null : STEP_VIEWS[step];
  return (
    <div className="container onboarding">
      {params.get('welcome') ? (
        <p className="alert alert-success" role="status">
          {t('onboarding.welcome')}
        </p>
      ) : null}
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
        {step === 'basics' ? (
          <PhotoPicker
            profile={current}
            name={form.stageName}
            pending={pendingPhoto}
            setPending={setPendingPhoto}
            onChange={remember}
          />
        ) : null}
        {step === 'basics' && current ? <GalleryManager profile={current} onChange={remember} /> : null}
        {View ? <View form={form} set={set} setForm={setForm} err={err} /> : null}
        {step === 'hours' ? (
          <HoursStep timeZone={form.timeZone} weekly={weekly} setWeekly={setWeekly} error={errors.weekly} />
        ) : null}
        <FormError message={formError} />
        {typeof saving === 'number' ? (
          <div className="upload-progress" role="status">
            <progress max={1} value={saving} aria-label={t('onboarding.uploading')} />
            <span className="small">{t('onboarding.uploadingPercent', { percent: Math.round(saving * 100) })}</span>
          </div>
        ) : null}
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
          <button
            type="button"
            className={idx === STEPS.length - 1 ? 'btn btn-primary' : 'btn'}
            disabled={saving !== null}
            onClick={() => void save()}
          >
            {t('onboarding.save')}
          </button>
        </div>
      </form>
      {!profile ? (
        <p className="muted small onboarding-foot">
          <Link to={paths.search.to()}>{t('onboarding.seeOthers')}</Link>
        </p>
      ) : null}
    </div>
  );
}
