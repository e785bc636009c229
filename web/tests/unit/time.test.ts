import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDual,
  formatInZone,
  isOverdue,
  parseTime,
  toRfc3339,
  utcToZonedWallTime,
  zonedWallTimeToUtc,
} from '@/shared/util/time';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('formatInZone', () => {
  it('shows the wall time of an instant in a zone', () => {
    expect(formatInZone('2026-11-21T05:50:00Z', SH)).toBe('2026-11-21 13:50');
    expect(formatInZone('2026-11-21T05:50:00Z', NY)).toBe('2026-11-21 00:50');
    expect(formatInZone('2026-11-21T05:50:07Z', 'UTC', true)).toBe('2026-11-21 05:50:07');
  });

  it('crosses the date line between the parties', () => {
    expect(formatInZone('2026-11-21T02:00:00Z', SH)).toBe('2026-11-21 10:00');
    expect(formatInZone('2026-11-21T02:00:00Z', NY)).toBe('2026-11-20 21:00');
  });

  it('follows daylight saving time in New York', () => {
    // 12 hours apart in summer (EDT, UTC-4), 13 in winter (EST, UTC-5).
    expect(formatInZone('2026-07-01T12:00:00Z', NY)).toBe('2026-07-01 08:00');
    expect(formatInZone('2026-01-15T12:00:00Z', NY)).toBe('2026-01-15 07:00');
  });

  it('prints midnight as 00, not 24', () => {
    expect(formatInZone('2026-11-20T16:00:00Z', SH)).toBe('2026-11-21 00:00');
  });

  it('gives an empty string for empty or malformed times', () => {
    expect(formatInZone('', SH)).toBe('');
    expect(formatInZone(undefined, SH)).toBe('');
    expect(formatInZone('not a time', SH)).toBe('');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(formatInZone('2026-11-21T05:50:00Z', 'Mars/Olympus')).toBe('2026-11-21 05:50');
  });
});

describe('formatDual', () => {
  it('shows both parties zones, ours first', () => {
    expect(formatDual('2026-11-21T05:50:00Z', [SH, NY])).toBe(
      '2026-11-21 13:50 Asia/Shanghai · 2026-11-21 00:50 America/New_York',
    );
    expect(formatDual('2026-11-21T05:50:00Z', [NY, SH])).toBe(
      '2026-11-21 00:50 America/New_York · 2026-11-21 13:50 Asia/Shanghai',
    );
  });

  it('drops repeated and empty zones and uses UTC when none is given', () => {
    expect(formatDual('2026-11-21T05:50:00Z', [SH, '', SH])).toBe('2026-11-21 13:50 Asia/Shanghai');
    expect(formatDual('2026-11-21T05:50:00Z', [])).toBe('2026-11-21 05:50 UTC');
  });

  it('is empty for no time', () => {
    expect(formatDual('', [SH, NY])).toBe('');
  });
});

describe('zonedWallTimeToUtc', () => {
  it('converts a wall time typed in a zone to RFC 3339 UTC', () => {
    expect(zonedWallTimeToUtc('2026-11-21T13:50', SH)).toBe('2026-11-21T05:50:00Z');
    expect(zonedWallTimeToUtc('2026-11-21T00:50', NY)).toBe('2026-11-21T05:50:00Z');
    expect(zonedWallTimeToUtc('2026-07-01 08:00:30', NY)).toBe('2026-07-01T12:00:30Z');
    expect(zonedWallTimeToUtc('2026-11-21T05:50', 'UTC')).toBe('2026-11-21T05:50:00Z');
  });

  it('round-trips with utcToZonedWallTime', () => {
    for (const iso of ['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-12-31T23:59:00Z']) {
      for (const z of [SH, NY, 'Europe/Berlin']) {
        expect(zonedWallTimeToUtc(utcToZonedWallTime(iso, z), z)).toBe(iso);
      }
    }
  });

  it('moves a time in the spring-forward gap past it', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z.
    expect(zonedWallTimeToUtc('2026-03-08T02:30', NY)).toBe('2026-03-08T07:30:00Z');
  });

  it('takes the earlier instant in the repeated autumn hour', () => {
    // 2026-11-01 01:30 happens twice in New York: EDT (05:30Z) then EST (06:30Z).
    expect(zonedWallTimeToUtc('2026-11-01T01:30', NY)).toBe('2026-11-01T05:30:00Z');
  });

  it('rejects malformed input', () => {
    expect(zonedWallTimeToUtc('', SH)).toBe('');
    expect(zonedWallTimeToUtc('21/11/2026 13:50', SH)).toBe('');
    expect(zonedWallTimeToUtc('2026-13-01T00:00', SH)).toBe('');
    expect(zonedWallTimeToUtc('2026-02-30T00:00', SH)).toBe('');
  });
});

describe('helpers', () => {
  it('formats RFC 3339 without fractions', () => {
    expect(toRfc3339(Date.UTC(2026, 10, 21, 5, 50, 0, 123))).toBe('2026-11-21T05:50:00Z');
  });

  it('parses API times', () => {
    expect(parseTime('2026-11-21T05:50:00Z')?.getTime()).toBe(Date.UTC(2026, 10, 21, 5, 50));
    expect(parseTime('')).toBeNull();
    expect(parseTime('garbage')).toBeNull();
  });

  it('marks a past respond_by as overdue only while the request runs', () => {
    const now = Date.UTC(2026, 10, 21, 6, 0);
    expect(isOverdue('2026-11-21T05:50:00Z', 'submitted', now)).toBe(true);
    expect(isOverdue('2026-11-21T06:10:00Z', 'submitted', now)).toBe(false);
    expect(isOverdue('2026-11-21T05:50:00Z', 'fulfilled', now)).toBe(false);
    expect(isOverdue('2026-11-21T05:50:00Z', 'closed', now)).toBe(false);
    expect(isOverdue('', 'submitted', now)).toBe(false);
  });
});

describe('formatDateTime', () => {
  const iso = '2026-11-05T05:50:00Z';
  it("writes a date the Chinese way in Chinese, whatever the browser's language", () => {
    expect(formatDateTime(iso, 'zh-CN', { timeZone: 'Asia/Shanghai' })).toBe('2026-11-05 13:50');
    expect(formatDateTime(iso, 'zh-CN', { timeZone: 'Asia/Shanghai', dateOnly: true })).toBe('2026-11-05');
  });
  it('writes the month by name in English, never 11/05', () => {
    expect(formatDateTime(iso, 'en', { timeZone: 'Asia/Shanghai' })).toBe('5 Nov 2026, 13:50');
    expect(formatDateTime(iso, 'en', { timeZone: 'America/New_York', dateOnly: true })).toBe('5 Nov 2026');
    expect(formatDateTime(iso, 'en', { timeZone: 'UTC' })).not.toMatch(/\d+\/\d+\/\d+/);
  });
  it('gives nothing for no time or a malformed one, and falls back to a valid zone', () => {
    expect(formatDateTime('', 'en')).toBe('');
    expect(formatDateTime('yesterday', 'zh-CN')).toBe('');
    expect(formatDateTime(iso, 'zh-CN', { timeZone: 'Mars/Olympus' })).toMatch(/^2026-11-0[45] \d\d:50$/);
  });
});
