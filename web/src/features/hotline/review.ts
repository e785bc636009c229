// Usage review of the hotline (GET /hotline/review): the chart options the page hands to
// ECharts and the small tables beside them. Pure: no ECharts import here (only its option
// types), so the options are unit-tested without a canvas.
import type { ChartOption } from '@/shared/components/chart';
import type { HotlineReview } from '@/shared/api/types';
import { ESCALATION_STATES, ESCALATION_TRIGGERS } from '@/shared/api/enums';
import { formatInZone, zonedWallTimeToUtc } from '@/shared/util/time';
import { TIERS } from './escalation';

export type ReviewChartOption = ChartOption;

/** Translated names the options carry (the page passes vue-i18n's). */
export interface ReviewLabels {
  tier: (tier: number) => string;
  trigger: (trigger: string) => string;
  escalations: string;
  median: string;
  p90: string;
  duration: (seconds: number) => string;
}

export const TRIGGERS = ESCALATION_TRIGGERS;
export const OUTCOMES = ESCALATION_STATES;

/** Tier 1 blue, 2 amber, 3 red: the colours of the tier badges. */
export const TIER_COLORS: Record<number, string> = { 1: '#409eff', 2: '#e6a23c', 3: '#f56c6c' };
const TRIGGER_COLORS: Record<string, string> = { manual: '#409eff', ack_missed: '#e6a23c', deadline_breached: '#f56c6c' };

/** The tiers a review talks about: 1–3 always, plus any other the server reports. */
function tiersOf(...records: (Record<string, unknown> | undefined)[]): number[] {
  const set = new Set<number>(TIERS);
  for (const r of records) for (const k of Object.keys(r ?? {})) if (/^\d+$/.test(k)) set.add(Number(k));
  return [...set].sort((a, b) => a - b);
}

/** Escalations by tier (bar). */
export function tierBarOption(r: HotlineReview, l: ReviewLabels): ReviewChartOption {
  const tiers = tiersOf(r.by_tier);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: tiers.map((t) => l.tier(t)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: l.escalations,
        barMaxWidth: 48,
        data: tiers.map((t) => ({ value: r.by_tier?.[String(t)] ?? 0, itemStyle: { color: TIER_COLORS[t] ?? '#909399' } })),
      },
    ],
  };
}

/** Escalations by trigger (pie); triggers with none are left out. */
export function triggerPieOption(r: HotlineReview, l: ReviewLabels): ReviewChartOption {
  const keys = [...TRIGGERS, ...Object.keys(r.by_trigger ?? {}).filter((k) => !(TRIGGERS as readonly string[]).includes(k)).sort()];
  const data = keys
    .map((k) => ({ name: l.trigger(k), value: r.by_trigger?.[k] ?? 0, itemStyle: { color: TRIGGER_COLORS[k] ?? '#909399' } }))
    .filter((d) => d.value > 0);
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        name: l.escalations,
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        // Names are in the legend; the slices carry the counts.
        label: { formatter: '{c} ({d}%)' },
        data,
      },
    ],
  };
}

/**
 * Time to acknowledge per tier (bars of the median and the 90th percentile). Seconds become
 * minutes on the axis once a value reaches two minutes, so the ticks fall on round minutes.
 */
export function ackBarOption(r: HotlineReview, l: ReviewLabels): ReviewChartOption {
  const tiers = tiersOf(r.ack_seconds_by_tier);
  const raw = (t: number, k: 'median' | 'p90') => {
    const v = r.ack_seconds_by_tier?.[String(t)]?.[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const max = Math.max(0, ...tiers.flatMap((t) => [raw(t, 'median') ?? 0, raw(t, 'p90') ?? 0]));
  const scale = max >= 120 ? 60 : 1;
  // ECharts draws '-' as "no value": a tier with no acknowledgement has no bar, not a zero one.
  const val = (t: number, k: 'median' | 'p90') => {
    const v = raw(t, k);
    return v === null ? '-' : v / scale;
  };
  const fmt = (v: unknown) => (typeof v === 'number' ? l.duration(v * scale) : '—');
  return {
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    legend: { top: 0 },
    grid: { left: 80, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: tiers.map((t) => l.tier(t)) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => l.duration(v * scale) } },
    series: [
      { type: 'bar', name: l.median, barMaxWidth: 36, itemStyle: { color: '#67c23a' }, data: tiers.map((t) => val(t, 'median')) },
      { type: 'bar', name: l.p90, barMaxWidth: 36, itemStyle: { color: '#e6a23c' }, data: tiers.map((t) => val(t, 'p90')) },
    ],
  };
}

/** A share 0..1 as a percentage with one decimal; '—' when there is nothing to divide. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

/** Rows of a count table: the `order` keys first (zeros included), then the others by name. */
export function countRows(counts: Record<string, number> | undefined, order: readonly string[] = []): { key: string; n: number }[] {
  const c = counts ?? {};
  const rest = Object.keys(c)
    .filter((k) => !order.includes(k))
    .sort();
  return [...order, ...rest].map((key) => ({ key, n: c[key] ?? 0 }));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-30" + 1 day = "2026-12-01" (calendar arithmetic, no zone involved). */
export function nextDate(date: string): string {
  const m = DATE_RE.exec(date);
  if (!m) return '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + 1));
  return d.toISOString().slice(0, 10);
}

/**
 * The API period for dates picked in `zone`: from the start of `fromDate` to the start of the
 * day after `toDate` (both days included). Empty strings for dates that do not parse.
 */
export function reviewPeriod(fromDate: string, toDate: string, zone: string): { from: string; to: string } {
  const from = DATE_RE.test(fromDate) ? zonedWallTimeToUtc(`${fromDate}T00:00`, zone) : '';
  const next = nextDate(toDate);
  const to = next ? zonedWallTimeToUtc(`${next}T00:00`, zone) : '';
  return { from, to };
}

/** The default period: the last `days` days in `zone`, today included. */
export function defaultPeriod(nowMs: number, zone: string, days = 30): { fromDate: string; toDate: string } {
  const toDate = formatInZone(new Date(nowMs).toISOString(), zone).slice(0, 10);
  const m = DATE_RE.exec(toDate);
  if (!m) return { fromDate: '', toDate: '' };
  const from = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] - (days - 1)));
  return { fromDate: from.toISOString().slice(0, 10), toDate };
}
