// The Reports area: the dashboard's reading of the figures (headlines, chart options and "no
// data yet"), the download URLs, the assessment body, which actions a report offers, the API
// calls (fetch stubbed), and the attestation badge rendered (server-side) in both languages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import en from '@/shared/i18n/en';
import zhCN from '@/shared/i18n/zh-CN';
import { figuresFileUrl, reportFileUrl, reportsApi, type ReportFigures } from '@/features/reports/api';
import {
  assessmentBody,
  cellText,
  figureTables,
  currentQuarter,
  directionsOf,
  formatShare,
  hasData,
  headlines,
  num,
  onTimeOption,
  outcomeOption,
  periodOf,
  reportActions,
  rubricOption,
  sharingOption,
  sharingRows,
  stateTagType,
  timelinessOption,
  type FigureLabels,
} from '@/features/reports/figures';
import { canWriteReports } from '@/features/reports/access';
import AttestationBadge from '@/features/reports/AttestationBadge.vue';

const clock = (median: number | null, share: string | null) => ({
  count: 2,
  mean_seconds: median,
  median_seconds: median,
  p90_seconds: median === null ? null : median * 2,
  within_deadline: 1,
  share_within_deadline: share,
  overdue_open: 0,
  by_type: {},
  by_priority: {},
});

const FIGURES = {
  format: 'liaison-figures/1',
  period: { from: '2026-01-01T00:00:00Z', to: '2026-03-31T23:59:59Z' },
  parties: ['CN', 'US'],
  directions: {
    'US->CN': {
      requests: { submitted: 4, answered: 4, ended: 4, open: 0 },
      open_overdue: { over_30_days: 0, over_60_days: 0, over_90_days: 0 },
      timeliness: { acknowledge: clock(86400, '0.5000'), first_reply: clock(null, null) },
      quality: {
        outcomes: { fulfilled: 4 },
        response_assessments: { count: 0, completeness: null, usability: null, responsiveness: null },
        request_assessments: { count: 0, completeness_clarity: null, legal_basis: null, identifiers: null },
      },
      leads: { sent: 0, with_outcome: 0, without_outcome: 0, outcomes: {} },
      sharing: { indicator_sets: 0, share_sighted: null, false_positive_rate: null },
    },
    'CN->US': {
      requests: { submitted: 10, answered: 8, ended: 9, open: 1 },
      open_overdue: { over_30_days: 3, over_60_days: 1, over_90_days: 0 },
      timeliness: { acknowledge: clock(3600, '0.9000'), first_reply: clock(7200, '0.7500') },
      quality: {
        outcomes: { fulfilled: 7, refused: 2 },
        response_assessments: { count: 1, completeness: '3.00', usability: '5.00', responsiveness: '4.00' },
        request_assessments: { count: 0, completeness_clarity: null, legal_basis: null, identifiers: null },
      },
      leads: { sent: 2, with_outcome: 1, without_outcome: 1, outcomes: { opened_case: 1 } },
      sharing: { indicator_sets: 3, indicators_added: 40, share_sighted: '0.6667', false_positive_rate: '0.2500' },
    },
  },
  reciprocity: {},
} as unknown as ReportFigures;

const L: FigureLabels = { key: (k) => `<${k}>`, median: 'median', p90: 'p90', hours: 'h' };
const seriesData = (o: ReturnType<typeof onTimeOption>) =>
  (o.series as { name: string; data: (number | null)[] }[]).map((s) => [s.name, s.data]);

describe('reading the figures', () => {
  it('takes numbers and the fixed-point strings, nothing else', () => {
    expect(num(3)).toBe(3);
    expect(num('0.7500')).toBe(0.75);
    expect(num('-2')).toBe(-2);
    expect(num(null)).toBeNull();
    expect(num('n/a')).toBeNull();
    expect(formatShare('0.7500')).toBe('75.0%');
    expect(formatShare(null)).toBe('—');
  });
  it('lists the directions sorted and a headline card each', () => {
    expect(directionsOf(FIGURES)).toEqual(['CN->US', 'US->CN']);
    expect(directionsOf(null)).toEqual([]);
    expect(headlines(FIGURES)).toEqual([
      { direction: 'CN->US', submitted: 10, answered: 8, open: 1, overdue30: 3, onTime: '75.0%', leadsWithoutOutcome: 1 },
      { direction: 'US->CN', submitted: 4, answered: 4, open: 0, overdue30: 0, onTime: '—', leadsWithoutOutcome: 0 },
    ]);
  });
});

describe('chart options', () => {
  it('draws the on-time share per clock in percent, both directions', () => {
    const o = onTimeOption(FIGURES, L);
    expect((o.xAxis as { data: string[] }).data).toEqual(['<acknowledge>', '<preserve>', '<first_reply>', '<fulfil>']);
    expect(seriesData(o)).toEqual([
      ['CN → US', [90, null, 75, null]],
      ['US → CN', [50, null, null, null]],
    ]);
    expect(hasData(o)).toBe(true);
  });
  it('draws median and p90 in hours', () => {
    expect(seriesData(timelinessOption(FIGURES, L))).toEqual([
      ['CN → US median (h)', [1, null, 2, null]],
      ['CN → US p90 (h)', [2, null, 4, null]],
      ['US → CN median (h)', [24, null, null, null]],
      ['US → CN p90 (h)', [48, null, null, null]],
    ]);
  });
  it('reads the outcome states from the figures (the union of both directions)', () => {
    const o = outcomeOption(FIGURES, L);
    expect((o.xAxis as { data: string[] }).data).toEqual(['<fulfilled>', '<refused>']);
    expect(seriesData(o)).toEqual([
      ['CN → US', [7, 2]],
      ['US → CN', [4, 0]],
    ]);
  });
  it('draws the rubric means on a 1–5 scale and sharing in percent', () => {
    const r = rubricOption(FIGURES, L);
    expect((r.yAxis as { max: number }).max).toBe(5);
    expect(seriesData(r)[0]).toEqual(['CN → US', [3, 5, 4, null, null, null]]);
    expect(seriesData(sharingOption(FIGURES, L))).toEqual([
      ['CN → US', [66.7, 25]],
      ['US → CN', [null, null]],
    ]);
    expect(sharingRows(FIGURES)[0]).toEqual({ key: 'indicator_sets', values: [3, 0] });
  });
  it('says there is no data when every bar is zero or missing', () => {
    const empty = { ...FIGURES, directions: { 'CN->US': {}, 'US->CN': {} } } as unknown as ReportFigures;
    for (const o of [timelinessOption, onTimeOption, outcomeOption, rubricOption, sharingOption]) {
      expect(hasData(o(empty, L))).toBe(false);
    }
    expect(hasData(null)).toBe(false);
  });
});

describe('periods, downloads and actions', () => {
  it('turns dates into a UTC period of whole days, refusing from > to', () => {
    expect(periodOf('2026-01-01', '2026-03-31')).toEqual({ from: '2026-01-01T00:00:00Z', to: '2026-03-31T23:59:59Z' });
    expect(periodOf('2026-04-01', '2026-03-31')).toBeNull();
    expect(periodOf('', '2026-03-31')).toBeNull();
    expect(currentQuarter(Date.parse('2026-11-21T05:50:00Z'))).toEqual({ fromDate: '2026-10-01', toDate: '2026-12-31' });
    expect(currentQuarter(Date.parse('2026-02-28T23:00:00Z'))).toEqual({ fromDate: '2026-01-01', toDate: '2026-03-31' });
  });
  it('builds the download URLs (json without a language)', () => {
    expect(reportFileUrl('r 1', 'pdf', 'both')).toBe('/api/v1/reports/r%201?format=pdf&lang=both');
    expect(reportFileUrl('r1', 'json', 'en')).toBe('/api/v1/reports/r1?format=json');
    expect(figuresFileUrl('2026-01-01T00:00:00Z', '2026-03-31T23:59:59Z', 'xlsx', 'zh-CN')).toBe(
      '/api/v1/report-figures?from=2026-01-01T00%3A00%3A00Z&to=2026-03-31T23%3A59%3A59Z&format=xlsx&lang=zh-CN',
    );
  });
  it('offers attest only to the other party of a report awaiting its countersign', () => {
    expect(reportActions({ party: 'CN', counterparty: 'US', state: 'published' }, 'US')).toEqual({ attest: true });
    expect(reportActions({ party: 'CN', counterparty: 'US', state: 'published' }, 'CN')).toEqual({ attest: false });
    expect(reportActions({ party: 'CN', counterparty: 'US', state: 'jointly_attested' }, 'US')).toEqual({ attest: false });
    expect(stateTagType('jointly_attested')).toBe('success');
    expect(stateTagType('disputed')).toBe('danger');
    expect(stateTagType('published')).toBe('warning');
    expect(canWriteReports('liaison_officer')).toBe(true);
    expect(canWriteReports('auditor')).toBe(false);
    expect(canWriteReports(undefined)).toBe(false);
  });
  it('builds an assessment of this side only, with the comment when given', () => {
    expect(assessmentBody('response', { completeness: 4, usability: 5, responsiveness: 3, legal_basis: 1 }, { original: ' ', lang: 'en' })).toEqual({
      kind: 'response',
      completeness: 4,
      usability: 5,
      responsiveness: 3,
    });
    expect(assessmentBody('request', { completeness_clarity: 2, legal_basis: 5, identifiers: 4 }, { original: ' 清楚 ', lang: 'zh-CN' })).toEqual({
      kind: 'request',
      completeness_clarity: 2,
      legal_basis: 5,
      identifiers: 4,
      comment: { original: '清楚', lang: 'zh-CN' },
    });
  });
});

describe('reportsApi', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('calls the documented paths', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}${init.body ? ` ${init.body}` : ''}`);
      return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
    });
    await reportsApi.figures('2026-01-01T00:00:00Z', '2026-01-31T23:59:59Z');
    await reportsApi.publish('2026-01-01T00:00:00Z', '2026-01-31T23:59:59Z');
    await reportsApi.attest('r1');
    await reportsApi.check('r1');
    await reportsApi.assess('q1', { kind: 'response', completeness: 4 });
    await reportsApi.leads();
    await reportsApi.recordLeadOutcome('q2', { outcome: 'no_action', reason: 'duplicate' });
    expect(calls).toEqual([
      'GET /api/v1/report-figures?from=2026-01-01T00%3A00%3A00Z&to=2026-01-31T23%3A59%3A59Z',
      'POST /api/v1/reports {"from":"2026-01-01T00:00:00Z","to":"2026-01-31T23:59:59Z"}',
      'POST /api/v1/reports/r1/countersign',
      'GET /api/v1/reports/r1/check',
      'POST /api/v1/requests/q1/assessments {"kind":"response","completeness":4}',
      'GET /api/v1/leads?direction=incoming&per_page=100',
      'POST /api/v1/requests/q2/lead-outcome {"outcome":"no_action","reason":"duplicate"}',
    ]);
  });
  it('turns a 400 naming format into an ApiError naming it', async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ error: { code: 'invalid_argument', message: 'format must be …', field: 'format' } }), { status: 400 }),
    );
    await expect(reportsApi.get('r1')).rejects.toMatchObject({ status: 400, field: 'format' });
  });
});

describe('AttestationBadge', () => {
  async function render(state: string, locale: 'en' | 'zh-CN'): Promise<string> {
    const app = createSSRApp({ render: () => h(AttestationBadge, { state }) });
    app.use(createI18n({ legacy: false, locale, messages: { en, 'zh-CN': zhCN } }));
    return renderToString(app);
  }
  it('says jointly attested, awaiting countersign or dissent in the console language', async () => {
    expect(await render('jointly_attested', 'en')).toContain('Jointly attested');
    expect(await render('jointly_attested', 'zh-CN')).toContain('双方共同认证');
    expect(await render('published', 'en')).toContain('Awaiting countersign');
    expect(await render('disputed', 'zh-CN')).toContain('对方有异议');
    expect(await render('jointly_attested', 'en')).toContain('data-testid="report-state-jointly_attested"');
  });
});

describe('figureTables', () => {
  it('makes a table of every section, the directions side by side, a new section included', () => {
    const f = {
      ...FIGURES,
      priority_cases: [{ title: 'Lantern', area: 'online_fraud' }],
      hotline: { drills: { passed: 2 } },
    } as unknown as ReportFigures;
    const tables = figureTables(f);
    expect(tables.map((t) => t.section)).toEqual(['requests', 'timeliness', 'open_overdue', 'quality', 'leads', 'sharing', 'priority_cases', 'hotline', 'reciprocity']);
    const requests = tables[0];
    expect(requests.columns).toEqual(['CN->US', 'US->CN']);
    expect(requests.rows).toContainEqual({ key: ['submitted'], values: [10, 4] });
    expect(tables[6]).toEqual({ section: 'priority_cases', columns: ['value'], rows: [
      { key: ['1', 'area'], values: ['online_fraud'] },
      { key: ['1', 'title'], values: ['Lantern'] },
    ] });
    expect(tables[7].rows).toEqual([{ key: ['drills', 'passed'], values: [2] }]);
    expect(figureTables(null)).toEqual([]);
  });
  it('shows shares in percent, seconds in hours or days, and a dash for null', () => {
    expect(cellText(['acknowledge', 'share_within_deadline'], '0.9000')).toBe('90.0%');
    expect(cellText(['sharing', 'false_positive_rate'], '0.2500')).toBe('25.0%');
    expect(cellText(['acknowledge', 'median_seconds'], 5400)).toBe('1.5 h');
    expect(cellText(['acknowledge', 'p90_seconds'], 172800)).toBe('2.0 d');
    expect(cellText(['submitted'], 10)).toBe('10');
    expect(cellText(['usability'], null)).toBe('—');
  });
});
