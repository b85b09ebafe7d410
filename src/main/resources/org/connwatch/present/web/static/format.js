// Numbers and times for people.

export function bytes(n) {
  if (n === undefined || n === null || n < 0) {
    return '-';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function time(iso) {
  if (!iso) {
    return '-';
  }
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function shortTime(ms, spanMs) {
  const d = new Date(ms);
  if (spanMs > 2 * 86400e3) {
    return d.toLocaleString(undefined, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: spanMs < 600e3 ? '2-digit' : undefined });
}

/** A window length in words: 15 min, 6 h, 7 d. */
export function span(ms) {
  if (ms < 3600e3) {
    return `${Math.round(ms / 60e3)} min`;
  }
  if (ms < 2 * 86400e3) {
    return `${Math.round(ms / 3600e3)} h`;
  }
  return `${Math.round(ms / 86400e3)} d`;
}
