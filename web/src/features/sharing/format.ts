// Formatting helpers of the indicator-sharing views: TLP 2.0 colours, per-mille rates,
// latencies, the indicators textarea and test ids of sightings.

export { TLP_LEVELS, SIGHTING_ACTIONS } from '@/shared/api/enums';

/**
 * FIRST TLP 2.0 colours: the label is written in the colour on a black background
 * (RGB: RED FF2B2B, AMBER FFC000, GREEN 33FF00, CLEAR FFFFFF).
 */
export function tlpColor(tlp: string): { color: string; background: string } {
  const colours: Record<string, string> = {
    red: '#FF2B2B',
    amber: '#FFC000',
    'amber+strict': '#FFC000',
    green: '#33FF00',
    clear: '#FFFFFF',
  };
  return { color: colours[tlp.toLowerCase()] ?? '#FFFFFF', background: '#000000' };
}

/** The label as TLP 2.0 writes it: "TLP:AMBER+STRICT". */
export function tlpLabel(tlp: string): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** A per-mille value (0..1000) as a percentage with one decimal: 375 -> "37.5%". */
export function perMilleToPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value / 10).toFixed(1)}%`;
}

/** Seconds as a short duration: 42 -> "42 s", 150 -> "2 min 30 s", 7200 -> "2 h 0 min". */
export function formatLatency(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** The indicators textarea: one per line, trimmed, blank lines and duplicates dropped. */
export function parseIndicatorLines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const v = raw.trim();
    if (!v || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

/** data-testid of a sighting's feedback form: ':' is not friendly to CSS selectors. */
export function feedbackTestId(sightingId: string): string {
  return `feedback-${sightingId.replace(/:/g, '_')}`;
}

/**
 * Which indicator line a server field error points at: "indicators[3]" or "added[3].value"
 * -> 3 (index in the submitted list), else -1.
 */
export function indicatorIndexOf(field: string): number {
  const m = /^(?:indicators|added|add)\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : -1;
}

/** Roles that may publish, import and give feedback (the server enforces it too). */
export const WRITER_ROLES: readonly string[] = ['administrator', 'analyst', 'liaison_officer'];


const LOG_KINDS_ZH: Record<string, string> = { text: '文本', 'JSON lines': 'JSON 行', CSV: 'CSV', TSV: 'TSV' };
const PACKED_ZH: Record<string, string> = { gzip: 'gzip 压缩', zstd: 'zstd 压缩' };

/**
 * A sighting's "where" in the console's language. The default label a sweep sends is English
 * ("text log of 2026-12-05", "CSV, JSON lines (gzip) logs of 2026-12-01 to 2026-12-05"); in
 * Chinese it is said again ("文本日志，2026-12-05"); a label a person wrote is shown as written.
 */
export function sightingWhereText(where: string, locale: string): string {
  if (!locale.toLowerCase().startsWith('zh')) return where;
  const m = /^(.+?) logs?(?: of (\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}))?)?$/.exec(where);
  if (!m) return where;
  const kinds = m[1].split(', ').map((k) => {
    const p = /^(.+?)(?: \((gzip|zstd)\))?$/.exec(k);
    if (!p || !(p[1] in LOG_KINDS_ZH)) return null;
    return LOG_KINDS_ZH[p[1]] + (p[2] ? `（${PACKED_ZH[p[2]]}）` : '');
  });
  if (kinds.some((k) => k === null)) return where;
  const days = m[2] ? `，${m[2]}${m[3] ? ` 至 ${m[3]}` : ''}` : '';
  return `${kinds.join('、')}日志${days}`;
}
