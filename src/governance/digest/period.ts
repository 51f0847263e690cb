// Periods and local days, DST-safe: every local wall-clock time is turned into an instant with Intl,
// never by adding 24 hours to a local midnight.
import { AirlockError } from '../errors.ts';

const DAY = 86_400_000;

export function assertTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new AirlockError(
      'invalid_input',
      `time zone "${tz}" is not an IANA zone (e.g. Europe/Paris, UTC)`,
      {
        field: 'tz',
      },
    );
  }
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock fields of `at` in `tz`. */
export function localParts(at: Date, tz: string): Parts {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(at)) p[x.type] = x.value;
  return {
    year: Number(p['year']),
    month: Number(p['month']),
    day: Number(p['day']),
    hour: Number(p['hour']),
    minute: Number(p['minute']),
    second: Number(p['second']),
    weekday: WEEKDAYS.indexOf(p['weekday'] ?? ''),
  };
}

/** The instant when the wall clock in `tz` shows the given time (the first one, across a DST fold). */
export function zonedTime(tz: string, year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes converge on the offset in force at the target (a gap moves the time forward).
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(t), tz);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    t += guess - shown;
  }
  return new Date(t);
}

export const localDate = (at: Date, tz: string): string => {
  const p = localParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};

/** Every local date from `from` (inclusive) to `to` (exclusive), in order. */
export function localDates(from: Date, to: Date, tz: string): string[] {
  const out: string[] = [];
  if (to.getTime() <= from.getTime()) return out;
  const last = localDate(new Date(to.getTime() - 1), tz);
  let [y, m, d] = localDate(from, tz).split('-').map(Number) as [number, number, number];
  for (let i = 0; i < 400; i++) {
    const date = new Date(Date.UTC(y, m - 1, d));
    const s = date.toISOString().slice(0, 10);
    out.push(s);
    if (s >= last) break;
    const next = new Date(date.getTime() + DAY);
    [y, m, d] = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
  }
  return out;
}

/**
 * `--since`: `7d`, `24h`, `2w` back from `now`, or a date (YYYY-MM-DD, local midnight in `tz`) or an
 * ISO-8601 instant. Default: 7 × 24 hours.
 */
export function parseSince(since: string | undefined, now: Date, tz: string): Date {
  if (!since) return new Date(now.getTime() - 7 * DAY);
  const rel = /^(\d{1,4})\s*([hdw])$/i.exec(since.trim());
  if (rel) {
    const n = Number(rel[1]);
    const unit = (rel[2] ?? 'd').toLowerCase();
    const ms = unit === 'h' ? 3_600_000 : unit === 'w' ? 7 * DAY : DAY;
    return new Date(now.getTime() - n * ms);
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since.trim());
  if (date) return zonedTime(tz, Number(date[1]), Number(date[2]), Number(date[3]));
  const t = Date.parse(since);
  if (!Number.isNaN(t) && /^\d{4}-\d{2}-\d{2}T/.test(since)) return new Date(t);
  throw new AirlockError(
    'invalid_input',
    `since: "${since}" is not 7d, 24h, 2w, a date (2026-11-23) or an instant`,
    {
      field: 'since',
    },
  );
}

export interface WeeklySchedule {
  /** 0 = Sunday … 6 = Saturday. */
  day: number;
  hour: number;
  timeZone: string;
}

/**
 * The most recent scheduled instant at or before `now` (the end of the latest complete period) and the
 * one a week before it (its start), both at the configured local day and hour.
 */
export function lastScheduledPeriod(s: WeeklySchedule, now: Date): { from: Date; to: Date } {
  const p = localParts(now, s.timeZone);
  const back = (p.weekday - s.day + 7) % 7;
  let end = atLocal(s, p, -back);
  if (end.getTime() > now.getTime()) end = atLocal(s, p, -back - 7);
  const start = atLocal(s, localParts(end, s.timeZone), -7);
  return { from: start, to: end };
}

function atLocal(s: WeeklySchedule, p: Pick<Parts, 'year' | 'month' | 'day'>, days: number): Date {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day) + days * DAY);
  return zonedTime(s.timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), s.hour);
}
