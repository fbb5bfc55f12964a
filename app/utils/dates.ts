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

const UK_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: UK,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** the minutes UK time is ahead of UTC at this instant (0 in winter, 60 in summer) */
function ukOffsetMinutes(at: Date) {
  const p = Object.fromEntries(UK_PARTS.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * a date and time typed as UK time ("2026-07-01", "14:30") as the instant it names, or null when
 * either is not a real date or time. a time in the hour the clocks skip is read as the hour before.
 */
export function fromUkDateTime(date: string, time = "00:00"): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [+d[1]!, +d[2]!, +d[3]!, +t[1]!, +t[2]!];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const guess = Date.UTC(y, mo - 1, da, h, mi);
  if (new Date(guess).getUTCDate() !== da) return null;
  const first = guess - ukOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess - ukOffsetMinutes(new Date(first)) * 60_000);
}
