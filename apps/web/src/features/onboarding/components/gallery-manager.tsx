import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GALLERY_MAX, type DjProfile } from '@partystream/shared/dj/dj.schemas';
import { api } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';

/**
 * The DJ's gallery (issue 20): add several pictures at once (uploaded one after another, with progress), remove
 * any; at most GALLERY_MAX, which the server and database enforce too (DJ_GALLERY_FULL).
 */
export function GalleryManager({ profile, onChange }: { profile: DjProfile; onChange: (p: DjProfile) => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(profile);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ n: number; of: number; fraction: number } | null>(null);
  const room = GALLERY_MAX - current.gallery.length;

  const update = (p: DjProfile) => {
    setCurrent(p);
    onChange(p);
  };

  async function add(files: File[]) {
    setError(null);
    if (files.length > room) setError(t('onboarding.galleryTooMany', { count: room, max: GALLERY_MAX }));
    const batch = files.slice(0, Math.max(0, room));
    for (const [i, file] of batch.entries()) {
      setProgress({ n: i + 1, of: batch.length, fraction: 0 });
      const form = new FormData();
      form.append('photo', file);
      try {
        const res = await api.upload<{ profile: DjProfile }>('POST', '/djs/me/gallery', form, (fraction) =>
          setProgress({ n: i + 1, of: batch.length, fraction }),
        );
        update(res.profile);
      } catch (e) {
        setError(problemMessage(e, t));
        break;
      }
    }
    setProgress(null);
  }

  async function remove(id: string) {
    setError(null);
    try {
      await api.delete(`/djs/me/gallery/${id}`);
      update({ ...current, gallery: current.gallery.filter((g) => g.id !== id) });
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }

  return (
    <fieldset className="field gallery-manager">
      <legend>{t('onboarding.gallery')}</legend>
      <p className="muted small">{t('onboarding.galleryHint', { count: current.gallery.length, max: GALLERY_MAX })}</p>
      {current.gallery.length ? (
        <ul className="gallery-manager-grid" data-testid="gallery-manager">
          {current.gallery.map((g, i) => (
            <li key={g.id}>
              <img src={g.url} alt={t('onboarding.galleryItem', { n: i + 1 })} width={160} height={107} loading="lazy" />
              <button type="button" className="btn btn-danger" onClick={() => void remove(g.id)}>
                {t('onboarding.galleryRemove', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {room > 0 ? (
        <>
          <input
            id="gallery-add"
            className="visually-hidden file-input"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,image/gif"
            disabled={progress !== null}
            onChange={(e) => {
              void add([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
          <label htmlFor="gallery-add" className="btn file-button">
            {t('onboarding.galleryAdd')}
          </label>
        </>
      ) : null}
      {progress ? (
        <div className="upload-progress">
          <progress max={1} value={progress.fraction} aria-label={t('onboarding.uploading')} />
          <span className="small">
            {t('onboarding.galleryProgress', { n: progress.n, of: progress.of, percent: Math.round(progress.fraction * 100) })}
          </span>
        </div>
      ) : null}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
