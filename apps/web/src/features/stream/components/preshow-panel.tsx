import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Doors, Preshow } from '@partystream/shared/stream/stream.schemas';
import { api, ApiError } from '../../../lib/api-client';
import { timeIn, viewerTimeZone } from '../../../lib/format';
import { preshowWarnings } from '../preshow';

/** dBov (0 loudest … -127 silence) on a 60 dB meter. */
const meterWidth = (dbov: number) => `${Math.max(0, Math.min(100, ((dbov + 60) / 60) * 100))}%`;

/**
 * The DJ's pre-show check: what the server receives right now (whether from this browser or from OBS), the
 * problems worth fixing, and the doors — guests wait outside until the DJ lets them in, or until the start.
 */
export function PreshowPanel({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const [check, setCheck] = useState<Preshow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const c = await api.get<Preshow>(`/streams/${token}/preshow`);
        if (!stopped) setCheck(c);
      } catch {
        // Keep the last figures; the next poll tries again.
      }
      if (!stopped) timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);

  async function letIn() {
    setOpening(true);
    setError(null);
    try {
      const doors = await api.post<Doors>(`/streams/${token}/doors`);
      setCheck((c) => (c ? { ...c, doors } : c));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setOpening(false);
    }
  }

  if (!check) return null;
  const { ingest, doors } = check;
  const at = (iso: string) => timeIn(iso, viewerTimeZone(), i18n.language);
  const warnings = preshowWarnings(ingest);
  const level = ingest?.audio?.levelDbov;
  return (
    <section className="card stack preshow" aria-labelledby="preshow-h" data-testid="preshow-check">
      <h2 id="preshow-h">{t('stream.preshow.title')}</h2>
      <p className="muted small">{t('stream.preshow.hint')}</p>
      {ingest ? (
        <dl className="facts" aria-live="polite">
          <dt>{t('stream.preshow.incoming')}</dt>
          <dd data-testid="preshow-bitrate">
            <span className="nowrap">
              {t('stream.preshow.audio')} {ingest.audio ? `${ingest.audio.kbps} kbit/s` : '—'}
            </span>
            <span className="nowrap">
              {t('stream.preshow.video')} {ingest.video ? `${ingest.video.kbps} kbit/s` : '—'}
            </span>
          </dd>
          <dt>{t('stream.fps')}</dt>
          <dd data-testid="preshow-fps">{ingest.video ? ingest.video.fps : '—'}</dd>
          <dt>{t('stream.preshow.level')}</dt>
          <dd>
            {level === null || level === undefined ? (
              <span className="muted small">{t('stream.preshow.levelUnknown')}</span>
            ) : (
              <div
                className="meter"
                role="meter"
                aria-label={t('stream.preshow.level')}
                aria-valuemin={-60}
                aria-valuemax={0}
                aria-valuenow={Math.max(-60, level)}
                data-testid="preshow-level"
              >
                <span style={{ width: meterWidth(level) }} />
              </div>
            )}
          </dd>
          <dt>{t('stream.loss')}</dt>
          <dd>{`${Math.max(ingest.audio?.lossPct ?? 0, ingest.video?.lossPct ?? 0)} %`}</dd>
          <dt>{t('stream.preshow.rtt')}</dt>
          <dd>{ingest.rttMs !== null ? `${ingest.rttMs} ms` : '…'}</dd>
          <dt>{t('stream.preshow.watching')}</dt>
          <dd>{check.viewers ?? '—'}</dd>
        </dl>
      ) : (
        <p className="muted" data-testid="preshow-nothing">
          {check.live ? t('stream.preshow.providerMeasures') : t('stream.preshow.nothing')}
        </p>
      )}
      {warnings.length ? (
        <ul className="preshow-warnings" role="status">
          {warnings.map((w) => (
            <li key={w}>{t(`stream.preshow.warn.${w}`)}</li>
          ))}
        </ul>
      ) : ingest ? (
        <p className="preshow-ok" role="status">
          {t('stream.preshow.allGood')}
        </p>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {doors.open ? (
        <p className="doors open" data-testid="doors-state">
          {doors.openedAt ? t('stream.doors.openedAt', { time: at(doors.openedAt) }) : t('stream.doors.open')}
        </p>
      ) : (
        <>
          <p className="doors" data-testid="doors-state">
            {t('stream.doors.closed', { time: at(doors.opensAt) })}
          </p>
          <button type="button" className="btn btn-primary" disabled={opening} onClick={() => void letIn()}>
            {t('stream.doors.letIn')}
          </button>
        </>
      )}
    </section>
  );
}
