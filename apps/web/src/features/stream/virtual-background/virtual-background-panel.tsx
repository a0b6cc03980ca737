import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Party } from '@partystream/shared/party/party.schemas';
import { api } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { drawThemeBackdrop, isTheme, loadImageBackdrop, type Theme } from './backdrops';
import type { BackgroundStats, VirtualBackground } from './engine';

const MODES = ['off', 'theme', 'image'] as const;
type Mode = (typeof MODES)[number];
const ACCEPT = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
/** The server's default UPLOAD_MAX_BYTES; the server checks again and says so in a 413. */
const MAX_BYTES = 5_000_000;

type Status =
  | { kind: 'off' }
  | { kind: 'loading' }
  | { kind: 'on'; stats: BackgroundStats | null }
  | { kind: 'needs-image' }
  | { kind: 'fallback'; reason: 'slow' | 'failed'; ms?: number };

/**
 * The go-live page's virtual background (issue 19, PRD 3.2, decision 036): off by default; the party theme's backdrop
 * or the DJ's uploaded image. The segmentation engine is imported only when the DJ turns it on. `onTrack` gets the
 * processed track to publish (null: publish the camera as is — off, loading, or fallen back).
 *
 * The engine runs as long as there is a backdrop; what the backdrop is (the theme's, which the host may change in
 * the room during the party, or an image) only swaps the picture inside the running engine (`setBackdrop`), so the
 * published track stays the same one and nothing blinks or renegotiates.
 */
export function VirtualBackgroundPanel({
  token,
  theme: roomTheme,
  camera,
  disabled,
  onTrack,
}: {
  token: string;
  /** The party's theme as the room reports it, live; without it the theme is fetched once. */
  theme?: Theme | null;
  camera: MediaStreamTrack | null;
  disabled: boolean;
  onTrack: (track: MediaStreamTrack | null) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('off');
  // The drawn or loaded backdrop and which choice it is for (`want`); null source: no image uploaded, or it failed.
  const [backdrop, setBackdrop] = useState<{ for: string; source: CanvasImageSource | null; failed?: boolean } | null>(null);
  // What the running engine said (null: not started, or starting).
  const [engine, setEngine] = useState<Status | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [imageVersion, setImageVersion] = useState(0);
  const running = useRef<VirtualBackground | null>(null);
  const party = useQuery({
    queryKey: ['party', token, 'theme'],
    queryFn: async () => (await api.get<{ party: Party }>(`/parties/${token}`)).party,
    enabled: mode === 'theme' && !roomTheme,
  });
  const theme = roomTheme ?? party.data?.theme;
  const want = mode === 'off' ? null : mode === 'theme' ? (theme ? `theme:${theme}` : null) : `image:${imageVersion}`;

  useEffect(() => {
    if (!want) return;
    let cancelled = false;
    const [kind, value = ''] = want.split(':');
    (async () => (kind === 'theme' ? drawThemeBackdrop(isTheme(value) ? value : 'neon') : await loadImageBackdrop()))().then(
      (source) => {
        if (!cancelled) setBackdrop({ for: want, source });
      },
      (e: unknown) => {
        console.warn('virtual background: no backdrop', e);
        if (!cancelled) setBackdrop({ for: want, source: null, failed: true });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [want]);

  // While the next backdrop is drawn or loaded the engine keeps the one it has.
  const source = mode === 'off' ? null : (backdrop?.source ?? null);
  const active = !!camera && !!source;
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });

  useEffect(() => {
    if (!active || !camera) return;
    let cancelled = false;
    let vb: VirtualBackground | null = null;
    (async () => {
      const { startVirtualBackground } = await import('./engine');
      const first = sourceRef.current;
      if (cancelled || !first) return;
      vb = await startVirtualBackground(camera, first, {
        onFallback: (reason, stats) => {
          if (cancelled) return;
          console.warn('virtual background off', reason, stats);
          setEngine({ kind: 'fallback', reason, ms: stats.meanMs });
          running.current = null;
          onTrack(null);
          vb?.stop();
        },
      });
      if (cancelled) {
        vb.stop();
        return;
      }
      // The theme may have changed while the model loaded.
      if (sourceRef.current && sourceRef.current !== first) vb.setBackdrop(sourceRef.current);
      running.current = vb;
      setEngine({ kind: 'on', stats: null });
      onTrack(vb.track);
    })().catch((e: unknown) => {
      console.warn('virtual background unavailable', e);
      if (!cancelled) setEngine({ kind: 'fallback', reason: 'failed' });
    });
    return () => {
      cancelled = true;
      running.current = null;
      setEngine(null);
      onTrack(null);
      vb?.stop();
    };
  }, [active, camera, onTrack]);

  // Another backdrop (the room's theme changed, another mode or image): into the running engine, no restart.
  useEffect(() => {
    if (source) running.current?.setBackdrop(source);
  }, [source]);

  const status: Status =
    mode === 'off'
      ? { kind: 'off' }
      : backdrop?.for === want && !backdrop.source
        ? backdrop.failed
          ? { kind: 'fallback', reason: 'failed' }
          : { kind: 'needs-image' }
        : (engine ?? { kind: 'loading' });

  // The cost per frame, refreshed every second while on.
  useEffect(() => {
    if (status.kind !== 'on') return;
    const id = setInterval(() => {
      const stats = running.current?.stats();
      if (stats) setEngine((e) => (e?.kind === 'on' ? { kind: 'on', stats } : e));
    }, 1000);
    return () => clearInterval(id);
  }, [status.kind]);

  async function upload(file: File) {
    setUploadError(null);
    if (!ACCEPT.includes(file.type)) return setUploadError(t('stream.vb.badType'));
    if (file.size > MAX_BYTES) return setUploadError(t('stream.vb.tooLarge', { mb: MAX_BYTES / 1_000_000 }));
    const form = new FormData();
    form.append('image', file);
    setUploading(true);
    try {
      await api.upload('PUT', '/djs/me/backdrop', form);
      setMode('image');
      setImageVersion((v) => v + 1);
    } catch (e) {
      setUploadError(problemMessage(e, t));
    } finally {
      setUploading(false);
    }
  }

  return (
    <div className="stack vb-panel" data-testid="virtual-background">
      <div className="field">
        <label htmlFor="vb-mode">{t('stream.vb.label')}</label>
        <select
          id="vb-mode"
          value={mode}
          disabled={disabled}
          onChange={(e) => {
            const next = e.target.value as Mode;
            // Turned on again later, it must not start with the backdrop it had before.
            if (next === 'off') setBackdrop(null);
            setMode(next);
          }}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`stream.vb.modes.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="vb-image">{t('stream.vb.upload')}</label>
        <input
          id="vb-image"
          type="file"
          accept={ACCEPT.join(',')}
          disabled={disabled || uploading}
          aria-invalid={!!uploadError}
          aria-describedby={uploadError ? 'vb-image-error' : undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
            e.target.value = '';
          }}
        />
        {uploadError ? (
          <p id="vb-image-error" className="field-error" role="alert">
            {uploadError}
          </p>
        ) : null}
      </div>
      <p className="muted small" data-testid="vb-status" data-state={status.kind} aria-live="polite">
        {statusText(status, t)}
      </p>
    </div>
  );
}

function statusText(s: Status, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (s.kind) {
    case 'off':
      return t('stream.vb.offHint');
    case 'loading':
      return t('stream.vb.loading');
    case 'needs-image':
      return t('stream.vb.needsImage');
    case 'on':
      return s.stats ? t('stream.vb.on', { ms: s.stats.meanMs, budget: s.stats.budgetMs }) : t('stream.vb.starting');
    case 'fallback':
      return s.reason === 'slow' ? t('stream.vb.slow', { ms: s.ms }) : t('stream.vb.failed');
  }
}
