/**
 * A DJ's photo, or a colourful initial when there is none. `hero` is the profile's large picture (full width on a
 * phone). `load`: `lazy` (default) for photos below the first screen; `eager` for one on the first screen;
 * `first` for the page's largest content (Lighthouse's LCP element): eager and fetched before everything else.
 */
export function Avatar({
  name,
  url,
  size = 'md',
  load = 'lazy',
}: {
  name: string;
  url: string | null;
  size?: 'md' | 'lg' | 'hero';
  load?: 'lazy' | 'eager' | 'first';
}) {
  if (url) {
    return (
      <img
        className={`avatar avatar-${size}`}
        src={url}
        alt=""
        loading={load === 'lazy' ? 'lazy' : 'eager'}
        // The page's largest picture is fetched first (issue 20: Lighthouse's LCP element).
        fetchPriority={load === 'first' ? 'high' : undefined}
        width={size === 'md' ? 64 : 640}
        height={size === 'md' ? 64 : 640}
      />
    );
  }
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  return (
    <div
      className={`avatar avatar-${size}`}
      aria-hidden
      style={{ background: `linear-gradient(135deg, hsl(${hue} 90% 60%), hsl(${(hue + 60) % 360} 90% 45%))` }}
    >
      {name
        .replace(/^DJ\s+/i, '')
        .slice(0, 1)
        .toUpperCase()}
    </div>
  );
}
