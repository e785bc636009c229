// Countdowns of the hotline and of request deadlines: how long until (or since) a due time,
// written compactly in the console's language, and the live value of a server-computed clock
// between two reads. Pure functions of the data and "now" (tests/unit/hotline.test.ts).
import type { DeadlineClock, RegisterDeadline } from '@/shared/api/types';
import { parseTime } from '@/shared/util/time';

const UNITS = {
  en: { d: ' d', h: ' h', min: ' min', s: ' s', sep: ' ' },
  zh: { d: '天', h: '小时', min: '分', s: '秒', sep: '' },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A duration, sign ignored, with its two largest units: "45 s", "4 min 05 s", "3 h 05 min",
 * "2 d 3 h" ("45秒", "4分05秒", "3小时05分", "2天3小时" in Chinese). Fractions are dropped.
 */
export function formatDuration(seconds: number, locale: string): string {
  if (!Number.isFinite(seconds)) return '—';
  const u = locale.toLowerCase().startsWith('zh') ? UNITS.zh : UNITS.en;
  const s = Math.floor(Math.abs(seconds));
  if (s < 60) return `${s}${u.s}`;
  if (s < 3600) return `${Math.floor(s / 60)}${u.min}${u.sep}${pad(s % 60)}${u.s}`;
  if (s < 86400) return `${Math.floor(s / 3600)}${u.h}${u.sep}${pad(Math.floor((s % 3600) / 60))}${u.min}`;
  return `${Math.floor(s / 86400)}${u.d}${u.sep}${Math.floor((s % 86400) / 3600)}${u.h}`;
}

/** Seconds from `nowMs` until `iso` (negative once past); null for no or a malformed time. */
export function secondsUntil(iso: string | null | undefined, nowMs: number): number | null {
  const d = parseTime(iso);
  return d ? Math.floor((d.getTime() - nowMs) / 1000) : null;
}

/** Seconds since `iso` (never negative: a time slightly ahead of this clock counts as now). */
export function secondsSince(iso: string | null | undefined, nowMs: number): number | null {
  const d = parseTime(iso);
  return d ? Math.max(0, Math.floor((nowMs - d.getTime()) / 1000)) : null;
}

/** Clock states in which nothing counts down any more (or not yet). */
const STILL: ReadonlySet<string> = new Set(['met', 'met_late', 'not_started']);

/**
 * The remaining seconds of a deadline clock now, from what the server said at `loadedAtMs`:
 * a paused clock keeps the server's value; a running or overdue clock counts down to its due
 * time (or, without one, from the server's value); met and not-started clocks have none.
 */
export function liveRemaining(
  clock: Pick<DeadlineClock, 'state' | 'due_at' | 'remaining_seconds'>,
  loadedAtMs: number,
  nowMs: number,
): number | null {
  if (STILL.has(clock.state)) return null;
  if (clock.state === 'paused') return clock.remaining_seconds ?? null;
  const untilDue = secondsUntil(clock.due_at, nowMs);
  if (untilDue !== null) return untilDue;
  if (clock.remaining_seconds === null || clock.remaining_seconds === undefined) return null;
  return clock.remaining_seconds - Math.floor((nowMs - loadedAtMs) / 1000);
}

/**
 * The state to show now: a clock the server called running turns overdue once its time is
 * up, without waiting for the next read of the request.
 */
export function liveClockState(state: string, remaining: number | null): string {
  return state === 'running' && remaining !== null && remaining < 0 ? 'overdue' : state;
}

/**
 * The register row's class for a request's most urgent clock: `row-overdue` when the server
 * says so or its due time has passed since, `row-soon` when the server says soon, else ''.
 */
export function deadlineRowClass(deadline: RegisterDeadline | null | undefined, remaining: number | null): string {
  if (!deadline) return '';
  if (deadline.state === 'overdue' || (remaining !== null && remaining < 0)) return 'row-overdue';
  if (deadline.state === 'soon') return 'row-soon';
  return '';
}

/** The register's remaining seconds for a deadline now (the server's value aged, or its due time). */
export function registerRemaining(deadline: RegisterDeadline | null | undefined, loadedAtMs: number, nowMs: number): number | null {
  if (!deadline) return null;
  return liveRemaining({ state: 'running', due_at: deadline.due_at, remaining_seconds: deadline.remaining_seconds }, loadedAtMs, nowMs);
}

export type ClockTagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** Element Plus tag colour of a deadline clock's state. */
export function clockStateType(state: string, warn = false): ClockTagType {
  switch (state) {
    case 'met':
      return 'success';
    case 'met_late':
      return 'warning';
    case 'overdue':
      return 'danger';
    case 'paused':
    case 'not_started':
      return 'info';
    default:
      return warn ? 'warning' : 'primary';
  }
}

/**
 * Where a clock's deadline comes from, in the console's language (the policy's source in
 * zh-CN or en, issue 17 item 10); the English `source` when the node gives no translation.
 */
export function clockSource(c: Pick<DeadlineClock, 'source' | 'source_by_lang'>, locale: string): string {
  const byLang = c.source_by_lang as Record<string, string> | undefined;
  return (byLang && (locale === 'zh-CN' ? byLang['zh-CN'] : byLang.en)) || c.source;
}
