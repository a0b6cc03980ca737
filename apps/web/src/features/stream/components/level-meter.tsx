import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The microphone's level, redrawn every animation frame. Its own component so that only the meter re-renders at
 * 60 Hz, not the console around it (chat, requests, the health graph) — on a tablet that kept the page busy.
 */
export function LevelMeter({ stream }: { stream: MediaStream | null }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Uint8Array(analyser.fftSize);
    let raf = 0;
    const loop = () => {
      analyser.getByteTimeDomainData(buf);
      let peak = 0;
      for (const v of buf) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(peak / 128);
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      void ctx.close();
    };
  }, [stream]);
  return (
    <div
      className="meter"
      role="meter"
      aria-label={t('stream.level')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(level * 100)}
    >
      <span style={{ width: `${Math.min(100, level * 140)}%` }} />
    </div>
  );
}
