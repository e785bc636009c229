// Time display and entry across the two parties' time zones. The API speaks RFC 3339 UTC;
// people read and type wall-clock times in an IANA zone. Built on Intl.DateTimeFormat only
// (no date library), with one cached formatter per zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    // Some engines print midnight as 24 even with h23.
    hour: parts.hour === 24 ? 0 : parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Parses an API time; empty or malformed gives null. */
export function parseTime(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** True when `timeZone` is an IANA zone this browser knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** "2026-11-21 13:50" in `timeZone` (seconds when withSeconds). Empty for no/invalid time. */
export function formatInZone(iso: string | null | undefined, timeZone: string, withSeconds = false): string {
  const d = parseTime(iso);
  if (!d) return '';
  const w = wallTime(d.getTime(), isValidTimeZone(timeZone) ? timeZone : 'UTC');
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  return withSeconds ? `${base}:${pad(w.second)}` : base;
}

const englishFormatters = new Map<string, Intl.DateTimeFormat>();

/** The browser's own IANA zone ('UTC' when it does not say). */
export function browserTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * A time for people, in the console's language — never the browser's (issue 17): Chinese
 * "2026-11-05 13:50", English "5 Nov 2026, 13:50" (day, month name, year: no 11/05 that
 * reads two ways). In `timeZone` (default the browser's); `dateOnly` drops the time.
 * Empty for no or a malformed time. Every date the console shows goes through here or
 * formatInZone.
 */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  options: { timeZone?: string; dateOnly?: boolean } = {},
): string {
  const d = parseTime(iso);
  if (!d) return '';
  const zone = options.timeZone && isValidTimeZone(options.timeZone) ? options.timeZone : browserTimeZone();
  if (locale.toLowerCase().startsWith('zh')) {
    const s = formatInZone(iso, zone);
    return options.dateOnly ? s.slice(0, 10) : s;
  }
  const key = `${zone}|${options.dateOnly ? 'd' : 'dt'}`;
  let f = englishFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(options.dateOnly ? {} : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    });
    englishFormatters.set(key, f);
  }
  return f.format(d);
}

/**
 * The time in every given zone, each followed by the zone's name, joined with " · ":
 * "2026-11-21 13:50 Asia/Shanghai · 2026-11-21 00:50 America/New_York".
 * Repeated or empty zones are dropped; with no zone at all, UTC is used.
 */
export function formatDual(iso: string | null | undefined, zones: string[], withSeconds = false): string {
  if (!parseTime(iso)) return '';
  const unique = [...new Set(zones.filter((z) => z))];
  if (unique.length === 0) unique.push('UTC');
  return unique.map((z) => `${formatInZone(iso, z, withSeconds)} ${z}`).join(' · ');
}

/** Milliseconds to add to UTC to get the wall time in `timeZone` at instant `ms`. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** RFC 3339 UTC without fractions: "2026-11-21T05:50:00Z". */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Converts a wall-clock time typed in `timeZone` ("2026-11-21T13:50" or with seconds, as a
 * datetime-local input gives it) to RFC 3339 UTC. Returns '' for empty or malformed input.
 * A time in a DST gap moves forward past it; a repeated hour gives the earlier instant.
 */
export function zonedWallTimeToUtc(wall: string, timeZone: string): string {
  const m = WALL_RE.exec(wall.trim());
  if (!m) return '';
  const [, y, mo, d, h, mi, s] = m;
  const guess = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0);
  // Date.UTC rolls over out-of-range parts (Feb 30 -> Mar 2); reject those instead.
  const back = new Date(guess);
  if (
    Number.isNaN(guess) ||
    back.getUTCMonth() !== +mo - 1 ||
    back.getUTCDate() !== +d ||
    back.getUTCHours() !== +h ||
    back.getUTCMinutes() !== +mi ||
    (s !== undefined && back.getUTCSeconds() !== +s)
  ) {
    return '';
  }
  const tz = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  // The offsets in force a day before and a day after bracket every real-world transition.
  const day = 86_400_000;
  const candidates = [...new Set([guess - zoneOffsetMs(guess - day, tz), guess - zoneOffsetMs(guess + day, tz)])];
  const valid = candidates.filter((t) => t + zoneOffsetMs(t, tz) === guess).sort((a, b) => a - b);
  // A repeated hour has two valid instants: take the earlier. A skipped hour has none: the
  // offset before the gap moves the time forward past it (02:30 -> 03:30).
  const t = valid.length > 0 ? valid[0] : candidates[0];
  return toRfc3339(t);
}

/** The wall time of `iso` in `timeZone` as a datetime-local value "YYYY-MM-DDTHH:MM". */
export function utcToZonedWallTime(iso: string | null | undefined, timeZone: string): string {
  const s = formatInZone(iso, timeZone);
  return s ? s.replace(' ', 'T') : '';
}

/** States after which a deadline no longer runs. */
export const FINAL_STATES = new Set(['fulfilled', 'refused', 'withdrawn', 'closed']);

/** A respond_by in the past on a request that still runs. */
export function isOverdue(respondBy: string | null | undefined, state: string, nowMs: number): boolean {
  const d = parseTime(respondBy);
  if (!d) return false;
  if (FINAL_STATES.has(state)) return false;
  return d.getTime() < nowMs;
}
