// The live dashboard's reading of the figures' JSON (GET /report-figures; the same JSON the PDF
// and XLSX are drawn from): per-direction headline numbers and the ECharts options (timeliness
// per clock, on-time share, outcome mix, rubric scores, sharing effectiveness). Pure: only
// ECharts' option types, so the options are unit-tested without a canvas. Generic where it can
// be: outcome states and rubric keys are read from the figures, not listed here.
import type { BarSeriesOption } from 'echarts/charts';
import type { ChartOption } from '@/shared/components/chart';
import type { ReportFigures } from './api';

export type ReportChartOption = ChartOption;

export const CLOCKS = ['acknowledge', 'preserve', 'first_reply', 'fulfil'] as const;
export const RESPONSE_RUBRIC = ['completeness', 'usability', 'responsiveness'] as const;
export const REQUEST_RUBRIC = ['completeness_clarity', 'legal_basis', 'identifiers'] as const;
const SERIES_COLORS = ['#2962b5', '#db6b21', '#3f9959', '#8c59b3'];

type Obj = Record<string, unknown>;
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
}

/** A figure as a number: numbers, and the figures' fixed-point strings ("0.7500"); else null. */
export function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

/** The directions of the figures ("CN->US", "US->CN"), sorted. */
export function directionsOf(f: ReportFigures | null | undefined): string[] {
  return Object.keys(isObj(f?.directions) ? f!.directions! : {}).sort();
}

/** "CN->US" → "CN → US". */
export function directionLabel(d: string): string {
  return d.replace('->', ' → ');
}

/** A share (0–1) as a percentage with one decimal, or a dash. */
export function formatShare(v: unknown): string {
  const n = num(v);
  return n === null ? '—' : `${(n * 100).toFixed(1)}%`;
}

/** Translated names the options carry (the page passes vue-i18n's). */
export interface FigureLabels {
  /** A figure's key ("acknowledge", "fulfilled", "usability") in the console's language. */
  key: (key: string) => string;
  median: string;
  p90: string;
  hours: string;
}

export interface Headline {
  direction: string;
  submitted: number | null;
  answered: number | null;
  open: number | null;
  overdue30: number | null;
  onTime: string;
  leadsWithoutOutcome: number | null;
}

/** The numbers above the charts, one card a direction. */
export function headlines(f: ReportFigures | null | undefined): Headline[] {
  return directionsOf(f).map((d) => {
    const dir = at(f, 'directions', d);
    return {
      direction: d,
      submitted: num(at(dir, 'requests', 'submitted')),
      answered: num(at(dir, 'requests', 'answered')),
      open: num(at(dir, 'requests', 'open')),
      overdue30: num(at(dir, 'open_overdue', 'over_30_days')),
      onTime: formatShare(at(dir, 'timeliness', 'first_reply', 'share_within_deadline')),
      leadsWithoutOutcome: num(at(dir, 'leads', 'without_outcome')),
    };
  });
}

/** True when an option has at least one bar above zero (else the page says "no data yet"). */
export function hasData(o: ReportChartOption | null): boolean {
  const series = (o?.series ?? []) as BarSeriesOption[];
  return series.some((s) => ((s.data ?? []) as (number | null)[]).some((v) => typeof v === 'number' && v > 0));
}

function bars(
  categories: string[],
  series: { name: string; data: (number | null)[] }[],
  l: FigureLabels,
  yMax?: number,
  percent = false,
): ReportChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: categories.map((c) => l.key(c)), axisLabel: { interval: 0, rotate: categories.length > 4 ? 20 : 0 } },
    // An axisLabel of undefined replaces ECharts' default and hides the axis's numbers: format
    // the numbers for percentages or show them plainly.
    yAxis: { type: 'value', max: yMax, axisLabel: percent ? { formatter: '{value}%' } : { show: true } },
    series: series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      barMaxWidth: 28,
      itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
      data: s.data,
    })),
  };
}

/** Timeliness per clock: median and 90th percentile in hours, each direction. */
export function timelinessOption(f: ReportFigures, l: FigureLabels): ReportChartOption {
  const series = directionsOf(f).flatMap((d) =>
    (['median_seconds', 'p90_seconds'] as const).map((stat) => ({
      name: `${directionLabel(d)} ${stat === 'median_seconds' ? l.median : l.p90} (${l.hours})`,
      data: CLOCKS.map((c) => {
        const s = num(at(f, 'directions', d, 'timeliness', c, stat));
        return s === null ? null : Math.round((s / 3600) * 10) / 10;
      }),
    })),
  );
  return bars([...CLOCKS], series, l);
}

/** Share of each clock met within its deadline, in percent, each direction. */
export function onTimeOption(f: ReportFigures, l: FigureLabels): ReportChartOption {
  const series = directionsOf(f).map((d) => ({
    name: directionLabel(d),
    data: CLOCKS.map((c) => {
      const s = num(at(f, 'directions', d, 'timeliness', c, 'share_within_deadline'));
      return s === null ? null : Math.round(s * 1000) / 10;
    }),
  }));
  return bars([...CLOCKS], series, l, 100, true);
}

/** The keys of an object figure across the directions (e.g. the outcome states), sorted. */
function keysAcross(f: ReportFigures, ...path: string[]): string[] {
  const keys = new Set<string>();
  for (const d of directionsOf(f)) {
    const o = at(f, 'directions', d, ...path);
    if (isObj(o)) for (const k of Object.keys(o)) keys.add(k);
  }
  return [...keys].sort();
}

/** The outcome mix: requests by state at the period's end, each direction. */
export function outcomeOption(f: ReportFigures, l: FigureLabels): ReportChartOption {
  const states = keysAcross(f, 'quality', 'outcomes');
  const series = directionsOf(f).map((d) => ({
    name: directionLabel(d),
    data: states.map((s) => num(at(f, 'directions', d, 'quality', 'outcomes', s)) ?? 0),
  }));
  return bars(states, series, l);
}

/** Mean rubric scores (1–5) of both assessments, each direction. */
export function rubricOption(f: ReportFigures, l: FigureLabels): ReportChartOption {
  const keys = [...RESPONSE_RUBRIC, ...REQUEST_RUBRIC];
  const series = directionsOf(f).map((d) => ({
    name: directionLabel(d),
    data: keys.map((k) =>
      num(
        at(f, 'directions', d, 'quality', (RESPONSE_RUBRIC as readonly string[]).includes(k) ? 'response_assessments' : 'request_assessments', k),
      ),
    ),
  }));
  return bars(keys, series, l, 5);
}

/** Sharing effectiveness: share of indicator sets sighted and the false-positive rate, in percent. */
export function sharingOption(f: ReportFigures, l: FigureLabels): ReportChartOption {
  const keys = ['share_sighted', 'false_positive_rate'];
  const series = directionsOf(f).map((d) => ({
    name: directionLabel(d),
    data: keys.map((k) => {
      const s = num(at(f, 'directions', d, 'sharing', k));
      return s === null ? null : Math.round(s * 1000) / 10;
    }),
  }));
  return bars(keys, series, l, 100, true);
}

/** The sharing counts beside the chart: one row a figure, one column a direction. */
export function sharingRows(f: ReportFigures | null | undefined): { key: string; values: (number | null)[] }[] {
  if (!f) return [];
  const keys = ['indicator_sets', 'indicators_added', 'sets_sighted', 'sightings', 'with_feedback', 'false_positives'];
  return keys.map((key) => ({ key, values: directionsOf(f).map((d) => num(at(f, 'directions', d, 'sharing', key))) }));
}

/** A period of whole days [from 00:00, to 23:59:59] in UTC, as the API takes it. */
export function periodOf(fromDate: string, toDate: string): { from: string; to: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fromDate) || !/^\d{4}-\d{2}-\d{2}$/.test(toDate)) return null;
  if (fromDate > toDate) return null;
  return { from: `${fromDate}T00:00:00Z`, to: `${toDate}T23:59:59Z` };
}

/** The calendar quarter holding `now` (UTC), as dates. */
export function currentQuarter(now: number): { fromDate: string; toDate: string } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const q = Math.floor(d.getUTCMonth() / 3);
  const from = new Date(Date.UTC(y, q * 3, 1));
  const to = new Date(Date.UTC(y, q * 3 + 3, 0));
  return { fromDate: from.toISOString().slice(0, 10), toDate: to.toISOString().slice(0, 10) };
}

/** The attestation words a report's state is shown with (i18n key under reports.state). */
export function stateTagType(state: string): 'success' | 'warning' | 'danger' | 'info' {
  if (state === 'jointly_attested') return 'success';
  if (state === 'disputed') return 'danger';
  if (state === 'published') return 'warning';
  return 'info';
}

/** Which actions a report offers this party: attest (countersign or dissent) when it is
 * addressed to this party and not yet attested; check (recompute, write nothing) always. */
export function reportActions(r: { party: string; counterparty: string; state: string }, myParty: string): { attest: boolean } {
  return { attest: r.counterparty === myParty && r.state === 'published' };
}

/** The rubric of one assessment kind. */
export function rubricOf(kind: 'response' | 'request'): readonly string[] {
  return kind === 'response' ? RESPONSE_RUBRIC : REQUEST_RUBRIC;
}

/** An assessment body from the form: the kind's scores (each 1–5) and the comment when given. */
export function assessmentBody(
  kind: 'response' | 'request',
  scores: Record<string, number>,
  comment: { original: string; lang: string },
): Record<string, unknown> {
  const body: Record<string, unknown> = { kind };
  for (const k of rubricOf(kind)) body[k] = scores[k];
  if (comment.original.trim()) body.comment = { original: comment.original.trim(), lang: comment.lang };
  return body;
}

/** One section of the figures as a table (the console's twin of src/reports/tables.cc). */
export interface FigureTable {
  section: string;
  columns: string[];
  rows: { key: string[]; values: unknown[] }[];
}

function leavesOf(v: unknown, path: string[], out: [string[], unknown][]): void {
  if (isObj(v) && Object.keys(v).length) {
    for (const k of Object.keys(v).sort()) leavesOf(v[k], [...path, k], out);
    return;
  }
  if (Array.isArray(v) && v.length && isObj(v[0])) {
    v.forEach((item, i) => leavesOf(item, [...path, String(i + 1)], out));
    return;
  }
  out.push([path, Array.isArray(v) ? v.join(', ') : v]);
}

function tableOf(section: string, columns: [string, unknown][]): FigureTable {
  const t: FigureTable = { section, columns: columns.map(([c]) => c), rows: [] };
  const index = new Map<string, number>();
  columns.forEach(([, value], col) => {
    const ls: [string[], unknown][] = [];
    leavesOf(value, [], ls);
    for (const [key, v] of ls) {
      const k = key.join('\u001f');
      let i = index.get(k);
      if (i === undefined) {
        i = t.rows.length;
        index.set(k, i);
        t.rows.push({ key, values: columns.map(() => null) });
      }
      t.rows[i].values[col] = v;
    }
  });
  return t;
}

const SECTION_ORDER = ['requests', 'timeliness', 'open_overdue', 'quality', 'leads', 'sharing', 'priority_cases', 'hotline', 'reciprocity'];

/** Every section of the figures as a table, whatever it is called: the sections under
 * `directions` with the directions side by side, then the other top-level sections (a section
 * keyed by directions likewise; any other with one "value" column). Known sections first. */
export function figureTables(f: ReportFigures | null | undefined): FigureTable[] {
  if (!f) return [];
  const out: FigureTable[] = [];
  const dirs = directionsOf(f);
  const sections = new Set<string>();
  for (const d of dirs) {
    const o = at(f, 'directions', d);
    if (isObj(o)) for (const k of Object.keys(o)) sections.add(k);
  }
  for (const s of sections) out.push(tableOf(s, dirs.map((d) => [d, at(f, 'directions', d, s)])));
  for (const [k, v] of Object.entries(f as Obj)) {
    if (['format', 'period', 'parties', 'directions'].includes(k)) continue;
    const byDirection = isObj(v) && Object.keys(v).length > 0 && Object.keys(v).every((x) => x.includes('->'));
    out.push(byDirection ? tableOf(k, Object.keys(v).sort().map((x) => [x, (v as Obj)[x]])) : tableOf(k, [['value', v]]));
  }
  const rank = (s: string) => (SECTION_ORDER.includes(s) ? SECTION_ORDER.indexOf(s) : SECTION_ORDER.length);
  return out.sort((a, b) => rank(a.section) - rank(b.section));
}

/** A cell of a figure table as text: shares in percent, seconds as hours, others as they are. */
export function cellText(key: string[], v: unknown): string {
  if (v === null || v === undefined) return '—';
  const last = key[key.length - 1] ?? '';
  const n = num(v);
  if (n !== null && (last.startsWith('share') || last.endsWith('_rate'))) return formatShare(n);
  if (n !== null && last.endsWith('_seconds')) return n >= 86400 ? `${(n / 86400).toFixed(1)} d` : `${(n / 3600).toFixed(1)} h`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
