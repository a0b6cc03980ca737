/** The player's icons as inline SVG (emoji and symbol glyphs are missing from many fonts and read badly). */
const base = {
  width: 20,
  height: 20,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  focusable: false,
};

export const SpeakerIcon = ({ muted }: { muted: boolean }) => (
  <svg {...base}>
    <path d="M11 5 6 9H2v6h4l5 4V5z" />
    {muted ? <path d="m23 9-6 6M17 9l6 6" /> : <path d="M15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" />}
  </svg>
);

export const PipIcon = () => (
  <svg {...base}>
    <rect x="2" y="4" width="20" height="16" rx="2" />
    <rect x="12" y="11" width="8" height="7" rx="1" fill="currentColor" />
  </svg>
);

export const FullscreenIcon = ({ exit }: { exit: boolean }) => (
  <svg {...base}>
    {exit ? <path d="M8 3v5H3M16 3v5h5M8 21v-5H3M16 21v-5h5" /> : <path d="M3 8V3h5M21 8V3h-5M3 16v5h5M21 16v5h-5" />}
  </svg>
);
