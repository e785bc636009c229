// Priority cases in the console: each party's next status report and its clock (overdue once
// past), the soonest one for the list, both sides' reports in time order, who may accept and
// report, the proposal body from the form (missing members left for the server to name), the
// form field a server error belongs to, a lead's outcome due date, the API calls (fetch
// stubbed), and the areas translated in both languages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import en from '@/shared/i18n/en';
import zhCN from '@/shared/i18n/zh-CN';
import {
  CASE_AREAS,
  CASE_PHASES,
  canAccept,
  canReport,
  caseText,
  casesApi,
  dueViews,
  latestReport,
  leadOutcomeDue,
  nextDue,
  otherPartyOf,
  partiesOf,
  proposalBody,
  proposalField,
  reportsInOrder,
  statusField,
  type PriorityCase,
  type ProposalDraft,
} from '@/features/reports/cases';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const text = (s: string) => ({ original: s, lang: 'en' });

function report(party: string, at: string, phase: 'active' | 'suspended' | 'concluded' = 'active') {
  return { party, at, due_at: '2026-12-01T00:00:00Z', on_time: true, phase, record: `${party}:${at}`, state: text(`state ${party}`) };
}

function kase(over: Partial<PriorityCase> = {}): PriorityCase {
  return {
    id: 'c1',
    proposer: 'CN',
    party: 'US',
    title: text('Ransomware crew'),
    area: 'hacking',
    requests: [],
    lead_officers: { CN: { name: 'Li Wei' }, US: { name: 'J. Smith' } },
    interval_days: 30,
    state: 'accepted',
    proposed_at: '2026-10-01T00:00:00Z',
    accepted_at: '2026-10-02T00:00:00Z',
    reports: [],
    latest: {},
    next_due: { CN: '2026-11-01T02:00:00Z', US: '2026-10-31T23:00:00Z' },
    clocks: [],
    ...over,
  };
}

describe('a case seen from each party', () => {
  it('names the other party and lists this one first', () => {
    const c = kase();
    expect(otherPartyOf(c, 'CN')).toBe('US');
    expect(otherPartyOf(c, 'US')).toBe('CN');
    expect(partiesOf(c, 'CN')).toEqual(['CN', 'US']);
    expect(partiesOf(c, 'US')).toEqual(['US', 'CN']);
  });

  it('is accepted only by the party it was proposed to, while proposed', () => {
    expect(canAccept(kase({ state: 'proposed' }), 'US')).toBe(true);
    expect(canAccept(kase({ state: 'proposed' }), 'CN')).toBe(false);
    expect(canAccept(kase({ state: 'accepted' }), 'US')).toBe(false);
  });

  it('is reported on by either party once accepted (a concluded case may be reopened)', () => {
    expect(canReport(kase({ state: 'proposed' }), 'CN')).toBe(false);
    expect(canReport(kase({ state: 'accepted' }), 'CN')).toBe(true);
    expect(canReport(kase({ state: 'accepted' }), 'US')).toBe(true);
    expect(canReport(kase({ state: 'concluded' }), 'US')).toBe(true);
    expect(canReport(kase({ state: 'accepted' }), 'EU')).toBe(false);
  });
});

describe('status-report clocks', () => {
  it('count down to each party’s due time and turn overdue once past', () => {
    const views = dueViews(kase(), 'CN', T0);
    expect(views).toEqual([
      { party: 'CN', dueAt: '2026-11-01T02:00:00Z', seconds: 7200, overdue: false },
      { party: 'US', dueAt: '2026-10-31T23:00:00Z', seconds: -3600, overdue: true },
    ]);
  });

  it('have none before acceptance or after conclusion', () => {
    for (const v of dueViews(kase({ state: 'proposed', next_due: {} }), 'US', T0)) {
      expect(v).toEqual({ party: v.party, dueAt: '', seconds: null, overdue: false });
    }
    for (const v of dueViews(kase({ state: 'concluded' }), 'CN', T0)) expect(v.seconds).toBeNull();
  });

  it('show the soonest in the list', () => {
    expect(nextDue(kase(), 'CN', T0)).toMatchObject({ party: 'US', seconds: -3600, overdue: true });
    expect(nextDue(kase({ next_due: { CN: '2026-11-02T00:00:00Z', US: '2026-11-03T00:00:00Z' } }), 'US', T0)).toMatchObject({
      party: 'CN',
      seconds: 86400,
    });
    expect(nextDue(kase({ state: 'proposed', next_due: {} }), 'CN', T0)).toBeNull();
  });
});

describe('status reports', () => {
  it('are listed oldest first whichever party posted them, ties in the order applied', () => {
    const c = kase({
      reports: [
        report('US', '2026-10-20T00:00:00Z'),
        report('CN', '2026-10-10T00:00:00Z'),
        report('CN', '2026-10-20T00:00:00Z', 'suspended'),
      ],
    });
    expect(reportsInOrder(c).map((r) => `${r.party}@${r.at.slice(5, 10)}`)).toEqual(['CN@10-10', 'US@10-20', 'CN@10-20']);
    expect(latestReport(c)).toMatchObject({ party: 'CN', phase: 'suspended' });
    expect(latestReport(kase())).toBeNull();
  });
});

describe('the proposal form', () => {
  const draft = (over: Partial<ProposalDraft> = {}): ProposalDraft => ({
    title: { original: '  勒索软件团伙 ', lang: 'zh-CN', translation: ' Ransomware crew ', translation_lang: 'en' },
    area: 'online_fraud',
    requests: ['r1', 'r2'],
    lead: { name: ' Li Wei ', title: '', email: 'li@example.cn', phone: '' },
    counterpart: { name: '', title: 'SA', email: '', phone: '' },
    interval: 14,
    ...over,
  });

  it('sends what was typed, trimmed, optional members only when typed', () => {
    expect(proposalBody(draft())).toEqual({
      title: { original: '勒索软件团伙', lang: 'zh-CN', translation: 'Ransomware crew', translation_lang: 'en' },
      area: 'online_fraud',
      requests: ['r1', 'r2'],
      lead_officer: { name: 'Li Wei', email: 'li@example.cn' },
      interval_days: 14,
    });
  });

  it('leaves out missing members so the server names them', () => {
    const body = proposalBody(draft({ title: { original: ' ', lang: 'en' }, area: '', requests: [], lead: { name: '', title: '', email: '', phone: '' }, interval: null }));
    expect(body).toEqual({});
  });

  it('drops an empty translation', () => {
    expect(caseText({ original: 'x', lang: 'en', translation: '  ', translation_lang: 'zh-CN' })).toEqual({ original: 'x', lang: 'en' });
    expect(caseText({ original: '', lang: 'en' })).toBeUndefined();
  });

  it('shows a server error under the field it names', () => {
    expect(proposalField('title.lang')).toBe('title');
    expect(proposalField('requests[1]')).toBe('requests');
    expect(proposalField('lead_officer.name')).toBe('lead_officer');
    expect(proposalField('interval_days')).toBe('interval_days');
    expect(proposalField('body')).toBe('');
    expect(statusField('next_steps.original')).toBe('next_steps');
    expect(statusField('case_id')).toBe('');
  });
});

describe('a lead’s outcome due', () => {
  it('is the server’s outcome_due from the receiver’s policy, with its source, not a fixed number of days', () => {
    // A receiver whose policy gives 10 days: the column shows the server's time as it is.
    const ten = { submitted_at: '2026-10-20T00:00:00Z', outcome_due: '2026-10-30T00:00:00Z', outcome_due_source: 'agreement of 2026-03-01' };
    expect(leadOutcomeDue(ten, T0)).toEqual({ dueAt: '2026-10-30T00:00:00Z', seconds: -2 * 86400, overdue: true, source: 'agreement of 2026-03-01' });
    const later = { outcome_due: '2026-11-14T12:00:00Z', outcome_due_source: 'agreement default (30 days)' };
    expect(leadOutcomeDue(later, T0)).toEqual({ dueAt: '2026-11-14T12:00:00Z', seconds: 13 * 86400 + 43200, overdue: false, source: 'agreement default (30 days)' });
  });

  it('shows nothing for a draft or once the outcome is recorded', () => {
    expect(leadOutcomeDue({ outcome_due: null, outcome_due_source: null }, T0)).toBeNull();
    expect(leadOutcomeDue({ outcome_due: '2026-11-14T12:00:00Z', outcome_due_source: 'x' }, T0, true)).toBeNull();
  });
});

describe('the case calls', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('go to /api/v1/cases with the body as JSON', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(kase()), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    await casesApi.accept('c/1', { lead_officer: { name: 'J. Smith' } });
    await casesApi.postStatus('c1', { phase: 'active', state: text('a'), actions: text('b'), next_steps: text('c') });
    await casesApi.list('accepted');
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0][0]).toBe('/api/v1/cases/c%2F1/accept');
    expect(calls[0][1].method).toBe('POST');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ lead_officer: { name: 'J. Smith' } });
    expect(calls[1][0]).toBe('/api/v1/cases/c1/status');
    expect(calls[2][0]).toBe('/api/v1/cases?state=accepted');
  });
});

describe('labels', () => {
  it('name every area, phase and case state in both languages', () => {
    for (const m of [en, zhCN] as unknown as { reports: { cases: Record<string, Record<string, string>> } }[]) {
      for (const a of CASE_AREAS) expect(m.reports.cases.areas[a]).toBeTruthy();
      for (const p of CASE_PHASES) expect(m.reports.cases.phases[p]).toBeTruthy();
      for (const s of ['proposed', 'accepted', 'concluded']) expect(m.reports.cases.states[s]).toBeTruthy();
    }
    expect(zhCN.reports.cases.areas.csam).not.toBe(en.reports.cases.areas.csam);
  });
});
