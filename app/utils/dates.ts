// dates as the app shows them, always in UK time. each style's Intl.DateTimeFormat is made
// once: building a formatter costs far more than using one, and a CPU profile of the verify
// page found a new one made for every date (toLocaleDateString with options does that).
const UK = "Europe/London";

const STYLES = {
  /** 3 December 2026 */
  long: { dateStyle: "long", timeZone: UK },
  /** 3 Dec 2026 */
  medium: { day: "numeric", month: "short", year: "numeric", timeZone: UK },
  /** 3 December 2026 at 14:05 */
  dateTime: { dateStyle: "long", timeStyle: "short", timeZone: UK },
  /** 3 Dec 2026, 14:05 */
  dateTimeMedium: { dateStyle: "medium", timeStyle: "short", timeZone: UK },
  /** 14:05 */
  time: { timeStyle: "short", timeZone: UK },
  /** 03/12/2026, 14:05:09 */
  precise: { dateStyle: "short", timeStyle: "medium", timeZone: UK },
  /** Dec 2026, for a calendar month already in UTC */
  monthUtc: { month: "short", year: "numeric", timeZone: "UTC" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof STYLES;

const formatters = new Map<DateStyle, Intl.DateTimeFormat>();

export function formatDate(value: Date | string | number, style: DateStyle = "long"): string {
  let f = formatters.get(style);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", STYLES[style]);
    formatters.set(style, f);
  }
  return f.format(value instanceof Date ? value : new Date(value));
}

const UK_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: UK,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
/** 2026-12-03: the day in uk time, for csv files and date comparisons */
export const ukDay = (value: Date) => UK_DAY.format(value);

const numbers = new Intl.NumberFormat("en-GB");
/** 20,000 */
export const formatNumber = (n: number) => numbers.format(n);

/** a duration in seconds for people: "45 s", "4 min 10 s", "2 h 5 min"; "" for none */
export function formatDuration(value: number | null) {
  if (value === null) return "";
  const seconds = Math.round(value);
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return s === 0 ? `${m} min` : `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "1 file", "2 files" */
export function counted(n: number, one: string, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
