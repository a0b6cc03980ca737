import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import { api } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { Avatar } from '../../../components/ui/avatar';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';

/** Uploads the profile photo with progress; resolves with the saved profile. Used here and after the first save. */
export function uploadProfilePhoto(file: File, onProgress: (f: number) => void) {
  const form = new FormData();
  form.append('photo', file);
  return api.upload<{ profile: DjProfile }>('PUT', '/djs/me/photo', form, onProgress);
}

/**
 * The profile photo (issue 20): chosen at any time — before the first save too — with a preview at once and a
 * progress bar while it uploads. Without a profile yet the file waits in `pending` and the page uploads it right
 * after the first save.
 */
export function PhotoPicker({
  profile,
  name,
  pending,
  setPending,
  onChange,
}: {
  profile: DjProfile | null;
  name: string;
  pending: File | null;
  setPending: (f: File | null) => void;
  onChange: (p: DjProfile) => void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(profile);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  // A local preview at once (a blob: URL), also when the picker comes back to a file still waiting for the save.
  const [preview, setPreview] = useState<string | null>(() => (pending ? URL.createObjectURL(pending) : null));
  const showPreview = (file: File | null) => {
    if (preview) URL.revokeObjectURL(preview);
    setPreview(file ? URL.createObjectURL(file) : null);
  };

  async function pick(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (!file.type.startsWith('image/')) return setError(t('errors.code.UPLOAD_INVALID'));
    showPreview(file);
    if (!current) return setPending(file);
    setUploading(true);
    setProgress(0);
    try {
      const res = await uploadProfilePhoto(file, setProgress);
      setCurrent(res.profile);
      onChange(res.profile);
      showPreview(null);
    } catch (e) {
      showPreview(null);
      setError(problemMessage(e, t));
    } finally {
      setUploading(false);
      setProgress(null);
    }
  }

  return (
    <div className="row photo-picker">
      {preview ? (
        <img className="photo-preview" src={preview} alt={t('onboarding.photoPreview')} width={128} height={128} />
      ) : (
        <Avatar name={current?.stageName || name || '?'} url={current?.photoUrl ?? null} size="lg" />
      )}
      <div className="field">
        <label htmlFor="photo">{t('onboarding.photo')}</label>
        {/* Our own button in the viewer's language; the browser's file control (its text in the browser's language) stays hidden. */}
        <input
          id="photo"
          className="visually-hidden file-input"
          type="file"
          accept={ACCEPT}
          disabled={uploading}
          onChange={(e) => {
            void pick(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label htmlFor="photo" className="btn file-button">
          {current?.photoUrl || pending ? t('onboarding.photoChange') : t('onboarding.photoChoose')}
        </label>
        {progress !== null ? (
          <div className="upload-progress">
            <progress max={1} value={progress} aria-label={t('onboarding.uploading')} />
            <span className="small">{t('onboarding.uploadingPercent', { percent: Math.round(progress * 100) })}</span>
          </div>
        ) : pending && !current ? (
          <small className="muted" data-testid="photo-pending">
            {t('onboarding.photoPending')}
          </small>
        ) : (
          <small className="muted">{t('onboarding.photoHint')}</small>
        )}
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    </div>
  );
}
