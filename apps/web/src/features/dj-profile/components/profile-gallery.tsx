import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';

/**
 * The DJ's photos (issue 20): a swipeable strip on a phone, a grid on a wide screen; a photo opens large in a
 * native <dialog> (focus trapped and Escape handled by the browser).
 */
export function ProfileGallery({ profile }: { profile: DjProfile }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState<number | null>(null);
  if (!profile.gallery.length) return null;
  const show = (i: number) => {
    setOpen(i);
    dialog.current?.showModal();
  };
  const current = open === null ? null : profile.gallery[open];
  return (
    <section className="stack gallery" aria-labelledby="gallery-h">
      <h2 id="gallery-h" className="visually-hidden">
        {t('dj.profile.gallery')}
      </h2>
      <ul className="gallery-strip" data-testid="gallery">
        {profile.gallery.map((g, i) => (
          <li key={g.id}>
            <button type="button" className="gallery-thumb" onClick={() => show(i)}>
              <img
                src={g.url}
                alt={t('dj.profile.galleryPhoto', { n: i + 1, name: profile.stageName })}
                loading="lazy"
                width={320}
                height={213}
              />
            </button>
          </li>
        ))}
      </ul>
      <dialog ref={dialog} className="gallery-dialog" onClose={() => setOpen(null)}>
        {current ? (
          <img src={current.url} alt={t('dj.profile.galleryPhoto', { n: (open ?? 0) + 1, name: profile.stageName })} />
        ) : null}
        <div className="row gallery-nav">
          <button
            type="button"
            className="btn"
            disabled={!open}
            onClick={() => setOpen((open ?? 0) - 1)}
            aria-label={t('dj.profile.prevPhoto')}
          >
            ‹
          </button>
          <button
            type="button"
            className="btn"
            disabled={open === null || open >= profile.gallery.length - 1}
            onClick={() => setOpen((open ?? 0) + 1)}
            aria-label={t('dj.profile.nextPhoto')}
          >
            ›
          </button>
          <button type="button" className="btn btn-primary" onClick={() => dialog.current?.close()}>
            {t('dj.profile.closePhoto')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
