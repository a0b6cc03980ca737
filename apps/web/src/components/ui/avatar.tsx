/** A DJ's photo, or a colourful initial when there is none. */
export function Avatar({ name, url, size = 'md' }: { name: string; url: string | null; size?: 'md' | 'lg' }) {
  if (url) return <img className={`avatar avatar-${size}`} src={url} alt="" loading="lazy" />;
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
