// The dates a patient reads: days and times in the browser's time zone, a grant's end, and the
// days a date input names.

const DAY_FORMAT: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** `31 Dec 2026`, in the browser's time zone. */
export const formatDate = (ms: number) => new Date(ms).toLocaleDateString('en-GB', DAY_FORMAT);

/** `31 Dec 2026, 14:05`. */
export const formatDateTime = (ms: number) =>
  new Date(ms).toLocaleString('en-GB', { ...DAY_FORMAT, hour: '2-digit', minute: '2-digit', hour12: false });

/** A UTC day number (days since 1970-01-01) as `31 Dec 2026`. */
export const formatDay = (day: number) => new Date(day * 86_400_000).toLocaleDateString('en-GB', { ...DAY_FORMAT, timeZone: 'UTC' });

/** The instant a grant ends when it is valid through the end of `YYYY-MM-DD` (local midnight after it). */
export function endOfLocalDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + 1).getTime();
}

/** The instant `YYYY-MM-DD` starts in local time. */
export function startOfLocalDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

/**
 * A grant's end in words: `31 Dec 2026` when it ends at a local midnight (valid through the day
 * before), otherwise the day and time it ends.
 */
export function untilWords(until: number): string {
  const end = new Date(until);
  if (end.getHours() === 0 && end.getMinutes() === 0 && end.getSeconds() === 0 && end.getMilliseconds() === 0) {
    return formatDate(until - 1);
  }
  return formatDateTime(until);
}
