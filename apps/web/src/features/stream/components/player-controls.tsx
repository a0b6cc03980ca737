import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { FullscreenIcon, PipIcon, SpeakerIcon } from './player-icons';

/**
 * The player's own controls (the video element has none, so they look and read the same in every browser):
 * mute and volume, picture-in-picture where the browser offers it, fullscreen of the whole player (the party's
 * name and the DJ stay on screen). Buttons carry their labels and pressed state for screen readers.
 */
export function PlayerControls({
  video,
  box,
  muted,
  onMutedChange,
  onVolumeChange,
}: {
  video: RefObject<HTMLVideoElement | null>;
  box: RefObject<HTMLDivElement | null>;
  muted: boolean;
  onMutedChange: (muted: boolean) => void;
  /** 0…1, applied to the video element by its owner. */
  onVolumeChange: (volume: number) => void;
}) {
  const { t } = useTranslation();
  const [volume, setVolume] = useState(100);
  const [fullscreen, setFullscreen] = useState(false);
  const [pip, setPip] = useState(false);
  const canPip = typeof document !== 'undefined' && document.pictureInPictureEnabled === true;
  const canFullscreen = typeof document !== 'undefined' && document.fullscreenEnabled === true;

  useEffect(() => {
    const onFs = () => setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === box.current);
    document.addEventListener('fullscreenchange', onFs);
    const v = video.current;
    const on = () => setPip(true);
    const off = () => setPip(false);
    v?.addEventListener('enterpictureinpicture', on);
    v?.addEventListener('leavepictureinpicture', off);
    return () => {
      document.removeEventListener('fullscreenchange', onFs);
      v?.removeEventListener('enterpictureinpicture', on);
      v?.removeEventListener('leavepictureinpicture', off);
    };
  }, [video, box]);

  const toggleMute = () => {
    onMutedChange(!muted);
    if (muted) void video.current?.play();
  };
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void box.current?.requestFullscreen().catch(() => {});
  };
  const togglePip = () => {
    if (document.pictureInPictureElement) void document.exitPictureInPicture();
    else void video.current?.requestPictureInPicture().catch(() => {});
  };

  return (
    <div className="player-controls" role="group" aria-label={t('stream.player.controls')}>
      <button
        type="button"
        className="icon-btn"
        aria-label={muted ? t('stream.player.unmute') : t('stream.player.mute')}
        aria-pressed={muted}
        data-testid="player-mute"
        onClick={toggleMute}
      >
        <SpeakerIcon muted={muted || volume === 0} />
      </button>
      <input
        type="range"
        className="volume"
        min={0}
        max={100}
        step={5}
        value={muted ? 0 : volume}
        aria-label={t('stream.player.volume')}
        data-testid="player-volume"
        onChange={(e) => {
          const v = Number(e.target.value);
          setVolume(v);
          onVolumeChange(v / 100);
          if (v > 0 && muted) toggleMute();
          if (v === 0 && !muted) onMutedChange(true);
        }}
      />
      {canPip ? (
        <button
          type="button"
          className="icon-btn"
          aria-label={pip ? t('stream.player.exitPip') : t('stream.player.pip')}
          aria-pressed={pip}
          data-testid="player-pip"
          onClick={togglePip}
        >
          <PipIcon />
        </button>
      ) : null}
      {canFullscreen ? (
        <button
          type="button"
          className="icon-btn"
          aria-label={fullscreen ? t('stream.player.exitFullscreen') : t('stream.player.fullscreen')}
          aria-pressed={fullscreen}
          data-testid="player-fullscreen"
          onClick={toggleFullscreen}
        >
          <FullscreenIcon exit={fullscreen} />
        </button>
      ) : null}
    </div>
  );
}
