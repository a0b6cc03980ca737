import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Party } from '@partystream/shared/party/party.schemas';
import { api } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { drawThemeBackdrop, isTheme, loadImageBackdrop } from './backdrops';
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
 */
export function VirtualBackgroundPanel({
  token,
  camera,
  disabled,
  onTrack,
}: {
  token: string;
  camera: MediaStreamTrack | null;
  disabled: boolean;
  onTrack: (track: MediaStreamTrack | null) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('off');
  // What the engine said, for the choice it was started with (`key`); anything else is still loading.
  const [engine, setEngine] = useState<{ key: string; status: Status } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [imageVersion, setImageVersion] = useState(0);
  const running = useRef<VirtualBackground | null>(null);
  const party = useQuery({
    queryKey: ['party', token, 'theme'],
    queryFn: async () => (await api.get<{ party: Party }>(`/parties/${token}`)).party,
    enabled: mode === 'theme',
  });
  const theme = party.data?.theme;
  const key = `${mode}:${imageVersion}:${theme ?? ''}`;
  const status: Status = mode === 'off' ? { kind: 'off' } : engine?.key === key ? engine.status : { kind: 'loading' };

  useEffect(() => {
    if (mode === 'off' || !camera || (mode === 'theme' && !theme)) return;
    let cancelled = false;
    let vb: VirtualBackground | null = null;
    const setStatus = (status: Status) => setEngine({ key, status });
    (async () => {
      const backdrop = mode === 'theme' ? drawThemeBackdrop(isTheme(theme!) ? theme : 'neon') : await loadImageBackdrop();
      if (cancelled) return;
      if (!backdrop) {
        setStatus({ kind: 'needs-image' });
        return;
      }
      const { startVirtualBackground } = await import('./engine');
      vb = await startVirtualBackground(camera, backdrop, {
        onFallback: (reason, stats) => {
          if (cancelled) return;
          console.warn('virtual background off', reason, stats);
          setStatus({ kind: 'fallback', reason, ms: stats.meanMs });
          onTrack(null);
          vb?.stop();
        },
      });
      if (cancelled) {
        vb.stop();
        return;
      }
      running.current = vb;
      setStatus({ kind: 'on', stats: null });
      onTrack(vb.track);
    })().catch((e: unknown) => {
      console.warn('virtual background unavailable', e);
      if (!cancelled) setStatus({ kind: 'fallback', reason: 'failed' });
    });
    return () => {
      cancelled = true;
      running.current = null;
      onTrack(null);
      vb?.stop();
    };
  }, [mode, camera, theme, key, onTrack]);

  // The cost per frame, refreshed every second while on.
  useEffect(() => {
    if (status.kind !== 'on') return;
    const id = setInterval(() => {
      const stats = running.current?.stats();
      if (stats) setEngine((e) => (e?.status.kind === 'on' ? { ...e, status: { kind: 'on', stats } } : e));
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
        <select id="vb-mode" value={mode} disabled={disabled} onChange={(e) => setMode(e.target.value as Mode)}>
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
