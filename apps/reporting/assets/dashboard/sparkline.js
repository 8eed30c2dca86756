/* A trend as a small SVG line, scaled to its own minimum and maximum; empty under two values. */
/* exported sparkline */
function sparkline(trend) {
  const vals = trend.map((p) => p.value).filter((v) => v != null);
  if (vals.length < 2) return '';
  const min = Math.min(...vals),
    max = Math.max(...vals),
    w = 80,
    h = 22;
  const pts = trend
    .map((p, i) =>
      p.value == null ? null : [(i * w) / (trend.length - 1), h - 2 - ((p.value - min) / (max - min || 1)) * (h - 4)],
    )
    .filter(Boolean)
    .map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1))
    .join(' ');
  return (
    '<svg width="' +
    w +
    '" height="' +
    h +
    '" role="img" aria-label="trend"><polyline fill="none" stroke="#1565c0" stroke-width="1.6" points="' +
    pts +
    '"/></svg>'
  );
}
