// The hotline's and the deadline clocks' pure logic: countdowns, which buttons show, roster
// form ↔ Schedule, contact and drill bodies, on-call rows, review chart options, and the API
// calls (fetch mocked).
import { describe, expect, it } from 'vitest';
import { ApiClient } from '@/shared/api/client';
import type { DeadlineClock, Drill, DrillResult, Escalation, HotlineReview, OnCall, Schedule } from '@/shared/api/types';
import {
  clockSource,
  clockStateType,
  deadlineRowClass,
  formatDuration,
  liveRemaining,
  liveClockState,
  registerRemaining,
  secondsSince,
  secondsUntil,
} from '@/features/deadlines/clock';
import { escalationActions, escalationReasonText, mergeEscalations, statesFor, testIdOf, tierTagType } from '@/features/hotline/escalation';
import {
  emptyScheduleForm,
  fieldErrorTarget,
  formToSchedule,
  parseUsers,
  scheduleFieldPaths,
  scheduleToForm,
} from '@/features/hotline/roster';
import { contactErrorKey, contactFormToInput, emptyContactForm, splitIds } from '@/features/hotline/contact';
import { canAcknowledgeDrill, drillFormToInput, drillResultType, drillRows } from '@/features/hotline/drill';
import { oncallLines, oncallRows, otherPartyContacts } from '@/features/hotline/oncall';
import {
  ackBarOption,
  countRows,
  defaultPeriod,
  formatShare,
  nextDate,
  reviewPeriod,
  tierBarOption,
  triggerPieOption,
  type ReviewLabels,
} from '@/features/hotline/review';

const T0 = Date.parse('2026-11-21T05:50:00Z');

describe('formatDuration', () => {
  it('writes the two largest units in English', () => {
    expect(formatDuration(0, 'en')).toBe('0 s');
    expect(formatDuration(45.9, 'en')).toBe('45 s');
    expect(formatDuration(245, 'en')).toBe('4 min 05 s');
    expect(formatDuration(3 * 3600 + 5 * 60 + 59, 'en')).toBe('3 h 05 min');
    expect(formatDuration(2 * 86400 + 3 * 3600 + 1, 'en')).toBe('2 d 3 h');
  });
  it('ignores the sign (the caller says "overdue") and writes Chinese units', () => {
    expect(formatDuration(-245, 'en')).toBe('4 min 05 s');
    expect(formatDuration(245, 'zh-CN')).toBe('4分05秒');
    expect(formatDuration(3 * 3600 + 300, 'zh-CN')).toBe('3小时05分');
    expect(formatDuration(86400 * 2 + 3600 * 3, 'zh-CN')).toBe('2天3小时');
    expect(formatDuration(12, 'zh-CN')).toBe('12秒');
  });
  it('shows a dash for what is not a number', () => {
    expect(formatDuration(Number.NaN, 'en')).toBe('—');
  });
});

describe('seconds until and since', () => {
  it('counts to a due time and past it', () => {
    expect(secondsUntil('2026-11-21T06:00:00Z', T0)).toBe(600);
    expect(secondsUntil('2026-11-21T05:40:00Z', T0)).toBe(-600);
    expect(secondsUntil('', T0)).toBeNull();
    expect(secondsUntil('not a time', T0)).toBeNull();
  });
  it('never gives a negative age', () => {
    expect(secondsSince('2026-11-21T05:00:00Z', T0)).toBe(3000);
    expect(secondsSince('2026-11-21T05:50:02Z', T0)).toBe(0);
    expect(secondsSince('', T0)).toBeNull();
  });
});

describe('liveRemaining', () => {
  const clock = (c: Partial<DeadlineClock>): DeadlineClock => ({
    clock: 'acknowledge',
    amount: 24,
    unit: 'hours',
    source: 'policy',
    due_at: '',
    met_at: '',
    state: 'running',
    remaining_seconds: null,
    warn: false,
    ...c,
  });
  it('counts down to the due time of a running or overdue clock', () => {
    expect(liveRemaining(clock({ due_at: '2026-11-21T06:50:00Z', remaining_seconds: 1 }), T0 - 5000, T0)).toBe(3600);
    expect(liveRemaining(clock({ state: 'overdue', due_at: '2026-11-21T05:49:00Z' }), T0, T0)).toBe(-60);
  });
  it('ages the server value when there is no due time', () => {
    expect(liveRemaining(clock({ remaining_seconds: 100 }), T0, T0 + 30_000)).toBe(70);
    expect(liveRemaining(clock({ remaining_seconds: null }), T0, T0)).toBeNull();
  });
  it('holds a paused clock and has nothing for met or unstarted clocks', () => {
    expect(liveRemaining(clock({ state: 'paused', due_at: '2026-11-21T06:50:00Z', remaining_seconds: 500 }), T0, T0 + 60_000)).toBe(500);
    expect(liveRemaining(clock({ state: 'met', due_at: '2026-11-21T06:50:00Z' }), T0, T0)).toBeNull();
    expect(liveRemaining(clock({ state: 'met_late' }), T0, T0)).toBeNull();
    expect(liveRemaining(clock({ state: 'not_started', remaining_seconds: 86400 }), T0, T0)).toBeNull();
  });
  it('shows a running clock overdue once its time is up', () => {
    expect(liveClockState('running', -1)).toBe('overdue');
    expect(liveClockState('running', 0)).toBe('running');
    expect(liveClockState('running', null)).toBe('running');
    expect(liveClockState('paused', -100)).toBe('paused');
    expect(liveClockState('met', null)).toBe('met');
  });
  it('colours the states', () => {
    expect(clockStateType('met')).toBe('success');
    expect(clockStateType('met_late')).toBe('warning');
    expect(clockStateType('overdue')).toBe('danger');
    expect(clockStateType('paused')).toBe('info');
    expect(clockStateType('running')).toBe('primary');
    expect(clockStateType('running', true)).toBe('warning');
  });
});

describe('register rows by deadline', () => {
  it('marks overdue red and soon amber', () => {
    expect(deadlineRowClass({ clock: 'fulfil', due_at: '', remaining_seconds: -5, state: 'overdue' }, -5)).toBe('row-overdue');
    expect(deadlineRowClass({ clock: 'fulfil', due_at: '', remaining_seconds: 600, state: 'soon' }, 600)).toBe('row-soon');
    expect(deadlineRowClass({ clock: 'fulfil', due_at: '', remaining_seconds: 86400, state: 'ok' }, 86400)).toBe('');
    expect(deadlineRowClass(null, null)).toBe('');
    expect(deadlineRowClass(undefined, null)).toBe('');
  });
  it('turns a row red once its due time passed since the list was read', () => {
    const d = { clock: 'acknowledge', due_at: '2026-11-21T05:51:00Z', remaining_seconds: 60, state: 'soon' };
    const later = registerRemaining(d, T0, T0 + 120_000);
    expect(later).toBe(-60);
    expect(deadlineRowClass(d, later)).toBe('row-overdue');
    expect(registerRemaining({ ...d, due_at: '' }, T0, T0 + 10_000)).toBe(50);
    expect(registerRemaining(null, T0, T0)).toBeNull();
  });
});

function escalation(e: Partial<Escalation> = {}): Escalation {
  return {
    id: 'e1',
    owner: 'CN',
    counterpart: 'US',
    request_id: '',
    trigger: 'manual',
    clock: '',
    reason: 'r',
    tier: 1,
    start_tier: 1,
    state: 'open',
    opened_at: '2026-11-21T05:00:00Z',
    opened_by: 'alice',
    acknowledged_at: '',
    acknowledged_by: null,
    resolved_at: '',
    resolved_by: null,
    resolution: '',
    steps: [],
    next_step: null,
    ladder: { name: 'default', repeat: 0, rules: [] },
    drill: false,
    can_acknowledge: false,
    can_resolve: false,
    ...e,
  };
}

describe('escalation buttons', () => {
  it('shows Acknowledge and Resolve only when the server allows them', () => {
    expect(escalationActions(escalation())).toEqual({ acknowledge: false, resolve: false });
    expect(escalationActions(escalation({ can_acknowledge: true }))).toEqual({ acknowledge: true, resolve: false });
    expect(escalationActions(escalation({ can_resolve: true }))).toEqual({ acknowledge: false, resolve: true });
    expect(escalationActions(escalation({ can_acknowledge: true, can_resolve: true }))).toEqual({ acknowledge: true, resolve: true });
  });
  it('never offers what the state already excludes', () => {
    expect(escalationActions(escalation({ state: 'acknowledged', can_acknowledge: true, can_resolve: true }))).toEqual({
      acknowledge: false,
      resolve: true,
    });
    expect(escalationActions(escalation({ state: 'resolved', can_acknowledge: true, can_resolve: true }))).toEqual({
      acknowledge: false,
      resolve: false,
    });
  });
  it('merges list answers without duplicates, newest first', () => {
    const a = escalation({ id: 'a', opened_at: '2026-11-21T01:00:00Z' });
    const b = escalation({ id: 'b', opened_at: '2026-11-21T03:00:00Z' });
    const b2 = escalation({ id: 'b', opened_at: '2026-11-21T03:00:00Z', state: 'acknowledged' });
    const merged = mergeEscalations([a, b], [b2]);
    expect(merged.map((e) => e.id)).toEqual(['b', 'a']);
    expect(merged[0].state).toBe('acknowledged');
  });
  it('asks for open and acknowledged in the active view', () => {
    expect(statesFor('active')).toEqual(['open', 'acknowledged']);
    expect(statesFor('all')).toEqual(['all']);
    expect(statesFor('resolved')).toEqual(['resolved']);
  });
  it('colours tiers and makes safe test ids', () => {
    expect([1, 2, 3].map(tierTagType)).toEqual(['primary', 'warning', 'danger']);
    expect(testIdOf('CN:tier 1')).toBe('CN_tier_1');
  });
});

const SCHEDULE: Schedule = {
  id: 'CN:tier1',
  party: 'CN',
  name: 'tier1',
  tier: 1,
  timezone: 'Asia/Shanghai',
  layers: [{ name: 'weekly', start: '2026-11-02T09:00', rotation_length: 1, rotation_unit: 'weeks', users: ['wang', 'li'] }],
  overrides: [{ user: 'zhao', start: '2026-11-21T01:00:00Z', end: '2026-11-21T13:00:00Z' }],
  updated_at: '2026-11-20T00:00:00Z',
};

describe('roster form', () => {
  it('reads users one per line or comma-separated, in order', () => {
    expect(parseUsers(' wang \nli, zhang\n\n ,')).toEqual(['wang', 'li', 'zhang']);
  });
  it('shows override times as wall time in the schedule zone', () => {
    const f = scheduleToForm(SCHEDULE);
    expect(f.layers[0].users).toBe('wang\nli');
    expect(f.layers[0].start).toBe('2026-11-02T09:00');
    expect(f.overrides[0]).toEqual({ user: 'zhao', start: '2026-11-21T09:00', end: '2026-11-21T21:00' });
  });
  it('round-trips a schedule (without its update time)', () => {
    const { updated_at: _u, ...rest } = SCHEDULE;
    void _u;
    expect(formToSchedule(scheduleToForm(SCHEDULE))).toEqual(rest);
  });
  it('makes the payload of a new schedule: id from party and name, layer start kept as wall time', () => {
    const f = emptyScheduleForm('US', 'America/New_York', 2);
    f.name = ' heads ';
    f.layers[0] = { name: 'days', start: '2026-11-01T09:00:00', rotation_length: 2.7, rotation_unit: 'days', users: 'smith\njones' };
    // 2026-11-01 is the end of daylight saving time in New York: 01:30 happens twice, the earlier wins.
    f.overrides.push({ user: 'brown', start: '2026-11-01T01:30', end: '2026-11-02T09:00' });
    f.overrides.push({ user: 'x', start: 'garbage', end: '' });
    const s = formToSchedule(f);
    expect(s.id).toBe('US:heads');
    expect(s.name).toBe('heads');
    expect(s.tier).toBe(2);
    expect(s.layers[0]).toEqual({ name: 'days', start: '2026-11-01T09:00:00', rotation_length: 2, rotation_unit: 'days', users: ['smith', 'jones'] });
    expect(s.overrides[0]).toEqual({ user: 'brown', start: '2026-11-01T05:30:00Z', end: '2026-11-02T14:00:00Z' });
    expect(s.overrides[1]).toEqual({ user: 'x', start: '', end: '' });
  });
  it('puts server field errors next to their field', () => {
    const f = scheduleToForm(SCHEDULE);
    const known = scheduleFieldPaths(f);
    expect(fieldErrorTarget('layers[0].rotation_length', known)).toBe('layers[0].rotation_length');
    expect(fieldErrorTarget('layers[0].users[1]', known)).toBe('layers[0].users');
    expect(fieldErrorTarget('overrides[0].end', known)).toBe('overrides[0].end');
    expect(fieldErrorTarget('overrides[0]', known)).toBe('overrides[0]');
    expect(fieldErrorTarget('timezone', known)).toBe('timezone');
    expect(fieldErrorTarget('id', known)).toBe('name');
    expect(fieldErrorTarget('layers[5].start', known)).toBe('layers');
    expect(fieldErrorTarget('something_else', known)).toBe('');
    // "tier" is not a prefix of "tiers".
    expect(fieldErrorTarget('tiers', known)).toBe('');
  });
});

describe('hotline contact form', () => {
  it('splits request ids', () => {
    expect(splitIds(' a1, b2\nc3  a1 ;d4')).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(splitIds('  ')).toEqual([]);
  });
  it('builds the POST body with UTC times and only filled action items', () => {
    const f = emptyContactForm('CN', 'US', 'Asia/Shanghai');
    Object.assign(f, {
      tier: 2,
      callerName: ' Wang ',
      calleeName: 'Smith',
      channel: 'video',
      started: '2026-11-21T13:50',
      answered: '2026-11-21T13:51',
      ended: '',
      requestIds: 'r1 r2',
      summary: ' agreed to preserve ',
      actionItems: [
        { text: ' send letter ', owner: 'wang', due: '2026-11-25' },
        { text: '  ', owner: 'x', due: '' },
      ],
      escalationId: 'e1',
      drill: true,
    });
    expect(contactFormToInput(f)).toEqual({
      tier: 2,
      caller: { party: 'CN', name: 'Wang' },
      callee: { party: 'US', name: 'Smith' },
      channel: 'video',
      started_at: '2026-11-21T05:50:00Z',
      answered_at: '2026-11-21T05:51:00Z',
      ended_at: '',
      request_ids: ['r1', 'r2'],
      summary: 'agreed to preserve',
      action_items: [{ text: 'send letter', owner: 'wang', due: '2026-11-25' }],
      escalation_id: 'e1',
      drill: true,
    });
  });
  it('maps the API field names to the form', () => {
    expect(contactErrorKey('caller.name')).toBe('callerName');
    expect(contactErrorKey('ended_at')).toBe('ended');
    expect(contactErrorKey('request_ids[1]')).toBe('requestIds');
    expect(contactErrorKey('action_items[2].due')).toBe('action_items[2].due');
    expect(contactErrorKey('action_items[0]')).toBe('action_items[0].text');
    expect(contactErrorKey('whatever')).toBe('');
  });
});

function result(r: Partial<DrillResult>): DrillResult {
  return {
    party: 'CN',
    tier: 1,
    paged_user: 'wang',
    paged_at: '2026-11-21T05:00:00Z',
    acknowledged_at: '',
    acknowledged_by: '',
    seconds_to_ack: null,
    result: 'pending',
    ...r,
  };
}

describe('drills', () => {
  it('builds the launcher body: tiers sorted once, the scheduled time in UTC or absent', () => {
    expect(drillFormToInput({ tiers: [3, 1, 3], ackWithinSeconds: 300, scheduledFor: '', zone: 'Asia/Shanghai' })).toEqual({
      tiers: [1, 3],
      ack_within_seconds: 300,
    });
    expect(drillFormToInput({ tiers: [2], ackWithinSeconds: 90, scheduledFor: '2026-11-21T13:50', zone: 'Asia/Shanghai' })).toEqual({
      tiers: [2],
      ack_within_seconds: 90,
      scheduled_for: '2026-11-21T05:50:00Z',
    });
  });
  it('offers Acknowledge on this party’s unacknowledged pages of the listed tiers only', () => {
    const d: Pick<Drill, 'can_acknowledge'> = { can_acknowledge: [1] };
    expect(canAcknowledgeDrill(d, result({}), 'CN')).toBe(true);
    expect(canAcknowledgeDrill(d, result({ tier: 2 }), 'CN')).toBe(false);
    expect(canAcknowledgeDrill(d, result({ party: 'US' }), 'CN')).toBe(false);
    expect(canAcknowledgeDrill(d, result({ acknowledged_at: '2026-11-21T05:01:00Z', result: 'pass' }), 'CN')).toBe(false);
    expect(canAcknowledgeDrill({ can_acknowledge: [] }, result({}), 'CN')).toBe(false);
  });
  it('orders results this party first, then by party and tier; colours results', () => {
    const d = {
      results: [result({ party: 'US', tier: 1 }), result({ party: 'CN', tier: 2 }), result({ party: 'CN', tier: 1 })],
    } as Drill;
    expect(drillRows(d, 'US').map((r) => `${r.party}${r.tier}`)).toEqual(['US1', 'CN1', 'CN2']);
    expect(drillRows(d, 'CN').map((r) => `${r.party}${r.tier}`)).toEqual(['CN1', 'CN2', 'US1']);
    expect(['pass', 'fail', 'pending'].map(drillResultType)).toEqual(['success', 'danger', 'info']);
  });
});

describe('on call now', () => {
  const person = (schedule_id: string, user: string, name = '') => ({
    schedule_id,
    schedule_name: schedule_id.split(':')[1],
    user,
    since: '',
    until: '',
    name,
    directory_id: '',
    reach: [],
  });
  const oncall: OnCall = {
    at: '2026-11-21T05:50:00Z',
    parties: [
      {
        party: 'US',
        timezone: 'America/New_York',
        local: false,
        directory_entries: 1,
        tiers: [
          {
            tier: 1,
            oncall: [person('US:t1', 'smith')],
            contacts: [
              {
                id: 'c1',
                name: 'Tom Reed',
                organisation: 'FBI',
                last_verified: '',
                reach: [{ kind: 'phone', value: '+1 202 555 0100', source: 'directory' }],
              },
            ],
          },
        ],
      },
      {
        party: 'CN',
        timezone: 'Asia/Shanghai',
        local: true,
        directory_entries: 0,
        tiers: [
          {
            tier: 1,
            oncall: [person('CN:a', 'wang', 'Wang Wei'), person('CN:b', 'li')],
            contacts: [],
          },
          { tier: 3, oncall: [], contacts: [] },
        ],
      },
    ],
  };
  it("lists the other parties' directory people per tier, and none for this party", () => {
    expect(otherPartyContacts(oncall)).toEqual([
      {
        party: 'US',
        contacts: [
          { id: 'c1', tier: 1, name: 'Tom Reed', organisation: 'FBI', reach: [{ kind: 'phone', value: '+1 202 555 0100', source: 'directory' }] },
        ],
      },
    ]);
    expect(otherPartyContacts(null)).toEqual([]);
  });
  it('has every tier of every party, this party first', () => {
    const rows = oncallRows(oncall, 'CN');
    expect(rows.map((r) => `${r.party}${r.tier}:${r.oncall.map((o) => o.user).join('+')}`)).toEqual([
      'CN1:wang+li',
      'CN2:',
      'CN3:',
      'US1:smith',
      'US2:',
      'US3:',
    ]);
    expect(oncallRows(null)).toEqual([]);
  });
  it('spans the party and tier cells over their lines', () => {
    const lines = oncallLines(oncallRows(oncall, 'CN'));
    expect(lines).toHaveLength(7);
    expect(lines.map((l) => [l.partySpan, l.tierSpan, l.entry?.user ?? null])).toEqual([
      [4, 2, 'wang'],
      [0, 0, 'li'],
      [0, 1, null],
      [0, 1, null],
      [3, 1, 'smith'],
      [0, 1, null],
      [0, 1, null],
    ]);
  });
});

const REVIEW: HotlineReview = {
  from: '2026-11-01T00:00:00Z',
  to: '2026-12-01T00:00:00Z',
  total: 9,
  by_tier: { '1': 6, '2': 2, '3': 1 },
  by_party: { CN: 5, US: 4 },
  by_trigger: { manual: 3, ack_missed: 6, deadline_breached: 0 },
  by_outcome: { open: 1, acknowledged: 2, resolved: 6 },
  ack_seconds_by_tier: {
    '1': { count: 5, mean: 100, median: 90, p90: 300 },
    '2': { count: 1, mean: 40, median: 40, p90: 40 },
  },
  resolved_at_tier1_share: 0.625,
  contacts_by_tier: { '1': 4 },
  drills: { total: 2, pass: 1, fail: 1 },
};
const LABELS: ReviewLabels = {
  tier: (n) => `T${n}`,
  trigger: (k) => k.toUpperCase(),
  escalations: 'Escalations',
  median: 'Median',
  p90: 'P90',
  duration: (s) => `${s}s`,
};

describe('usage review charts', () => {
  it('bars the escalations of each tier in its colour', () => {
    const o = tierBarOption(REVIEW, LABELS) as Record<string, any>;
    expect(o.xAxis.data).toEqual(['T1', 'T2', 'T3']);
    expect(o.series[0].type).toBe('bar');
    expect(o.series[0].data.map((d: { value: number }) => d.value)).toEqual([6, 2, 1]);
    expect(o.series[0].data[2].itemStyle.color).toBe('#f56c6c');
  });
  it('shows every tier even when the server left one out', () => {
    const o = tierBarOption({ ...REVIEW, by_tier: { '2': 4 } }, LABELS) as Record<string, any>;
    expect(o.series[0].data.map((d: { value: number }) => d.value)).toEqual([0, 4, 0]);
  });
  it('pies the triggers with a count, named in the console language', () => {
    const o = triggerPieOption(REVIEW, LABELS) as Record<string, any>;
    expect(o.series[0].type).toBe('pie');
    expect(o.series[0].data.map((d: { name: string; value: number }) => [d.name, d.value])).toEqual([
      ['MANUAL', 3],
      ['ACK_MISSED', 6],
    ]);
  });
  it('bars the median and 90th percentile to acknowledge, no bar where none', () => {
    const fast = { ...REVIEW, ack_seconds_by_tier: { '1': { count: 2, mean: 50, median: 45, p90: 100 } } };
    const o = ackBarOption(fast, LABELS) as Record<string, any>;
    expect(o.series.map((s: { name: string }) => s.name)).toEqual(['Median', 'P90']);
    expect(o.series[0].data).toEqual([45, '-', '-']);
    expect(o.series[1].data).toEqual([100, '-', '-']);
    expect(o.yAxis.axisLabel.formatter(30)).toBe('30s');
    expect(o.tooltip.valueFormatter(45)).toBe('45s');
    expect(o.tooltip.valueFormatter('-')).toBe('—');
  });
  it('draws minutes once a time reaches two minutes, and labels them as durations', () => {
    const o = ackBarOption(REVIEW, LABELS) as Record<string, any>;
    expect(o.series[0].data).toEqual([1.5, 40 / 60, '-']);
    expect(o.series[1].data).toEqual([5, 40 / 60, '-']);
    expect(o.yAxis.axisLabel.formatter(2)).toBe('120s');
    expect(o.tooltip.valueFormatter(5)).toBe('300s');
  });
  it('writes the tier-1 share and the count tables', () => {
    expect(formatShare(0.625)).toBe('62.5%');
    expect(formatShare(0)).toBe('0.0%');
    expect(formatShare(null)).toBe('—');
    expect(countRows(REVIEW.by_outcome, ['open', 'acknowledged', 'resolved'])).toEqual([
      { key: 'open', n: 1 },
      { key: 'acknowledged', n: 2 },
      { key: 'resolved', n: 6 },
    ]);
    expect(countRows({ US: 4, CN: 5, EU: 1 }, ['CN', 'US', 'RU'])).toEqual([
      { key: 'CN', n: 5 },
      { key: 'US', n: 4 },
      { key: 'RU', n: 0 },
      { key: 'EU', n: 1 },
    ]);
  });
  it('turns picked days in a zone into the API period, both days included', () => {
    expect(nextDate('2026-11-30')).toBe('2026-12-01');
    expect(nextDate('2028-02-28')).toBe('2028-02-29');
    expect(nextDate('bad')).toBe('');
    expect(reviewPeriod('2026-11-01', '2026-11-30', 'Asia/Shanghai')).toEqual({
      from: '2026-10-31T16:00:00Z',
      to: '2026-11-30T16:00:00Z',
    });
    expect(reviewPeriod('', '2026-11-30', 'UTC').from).toBe('');
    expect(defaultPeriod(T0, 'Asia/Shanghai', 30)).toEqual({ fromDate: '2026-10-23', toDate: '2026-11-21' });
    expect(defaultPeriod(Date.parse('2026-11-21T03:00:00Z'), 'America/New_York', 7)).toEqual({ fromDate: '2026-11-14', toDate: '2026-11-20' });
  });
});

interface Seen {
  url: string;
  init: RequestInit;
}
function recorder(body: unknown, status = 200) {
  const seen: Seen[] = [];
  const c = new ApiClient('/api/v1', async (url, init) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  c.setCsrfToken('tok');
  return { c, seen };
}
const header = (s: Seen, name: string) => (s.init.headers as Record<string, string>)[name];

describe('hotline API calls', () => {
  it('lists escalations with the filters and acts on one with the CSRF header', async () => {
    const { c, seen } = recorder({ items: [], total: 0 });
    await c.escalations({ state: 'open', drill: 'false' });
    await c.acknowledgeEscalation('e/1');
    await c.resolveEscalation('e1', 'done');
    await c.escalate({ counterpart: 'US', tier: 2, reason: 'no answer' });
    expect(seen[0].url).toBe('/api/v1/hotline/escalations?state=open&drill=false');
    expect(header(seen[0], 'X-CSRF-Token')).toBeUndefined();
    expect(seen[1].url).toBe('/api/v1/hotline/escalations/e%2F1/acknowledge');
    expect(seen[1].init.method).toBe('POST');
    expect(JSON.parse(seen[1].init.body as string)).toEqual({});
    expect(header(seen[1], 'X-CSRF-Token')).toBe('tok');
    expect(JSON.parse(seen[2].init.body as string)).toEqual({ resolution: 'done' });
    expect(seen[3].url).toBe('/api/v1/hotline/escalations');
    expect(JSON.parse(seen[3].init.body as string)).toEqual({ counterpart: 'US', tier: 2, reason: 'no answer' });
  });
  it('PUTs a roster at its id and reads on-call, drills and the review', async () => {
    const { c, seen } = recorder({ items: [] });
    await c.putRoster(formToSchedule(scheduleToForm(SCHEDULE)));
    await c.oncall();
    await c.oncall('2026-11-21T05:50:00Z');
    await c.acknowledgeDrill('d1', 2);
    await c.hotlineReview('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(seen[0].url).toBe('/api/v1/hotline/rosters/CN%3Atier1');
    expect(seen[0].init.method).toBe('PUT');
    expect(header(seen[0], 'X-CSRF-Token')).toBe('tok');
    expect(JSON.parse(seen[0].init.body as string).id).toBe('CN:tier1');
    expect(seen[1].url).toBe('/api/v1/hotline/oncall');
    expect(seen[2].url).toBe('/api/v1/hotline/oncall?at=2026-11-21T05%3A50%3A00Z');
    expect(seen[3].url).toBe('/api/v1/hotline/drills/d1/acknowledge');
    expect(JSON.parse(seen[3].init.body as string)).toEqual({ tier: 2 });
    expect(seen[4].url).toBe('/api/v1/hotline/review?from=2026-11-01T00%3A00%3A00Z&to=2026-12-01T00%3A00%3A00Z');
  });
  it('carries the server field error of a roster', async () => {
    const { c } = recorder({ error: { code: 'invalid_argument', message: 'must be at least 1', field: 'layers[0].rotation_length' } }, 400);
    await expect(c.putRoster(formToSchedule(scheduleToForm(SCHEDULE)))).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'layers[0].rotation_length',
    });
  });
});

describe('clockSource', () => {
  const c = {
    source: 'agreement default: 4 hours for urgent requests',
    source_by_lang: { en: 'agreement default: 4 hours for urgent requests', 'zh-CN': '双方约定默认值：紧急请求4小时' },
  };
  it("shows the policy's source in the console's language", () => {
    expect(clockSource(c, 'zh-CN')).toBe('双方约定默认值：紧急请求4小时');
    expect(clockSource(c, 'en')).toBe('agreement default: 4 hours for urgent requests');
  });
  it('falls back to the English source from a node without translations', () => {
    expect(clockSource({ source: 'old text' }, 'zh-CN')).toBe('old text');
  });
});

describe('escalationReasonText', () => {
  const say = (key: string, n: { clock: string; due: string }) => `<${key}|${n.clock}|${n.due}>`;
  it("says the node's own reasons again, with the clock and the due time", () => {
    expect(escalationReasonText('not acknowledged by 2026-11-05T06:00:00Z', say)).toBe('<ackMissed||2026-11-05T06:00:00Z>');
    expect(escalationReasonText("deadline 'fulfil' missed at 2026-11-05T06:00:00Z", say)).toBe(
      '<deadlineMissed|fulfil|2026-11-05T06:00:00Z>',
    );
  });
  it('keeps a reason a person wrote as written', () => {
    expect(escalationReasonText('No answer from the US desk since Friday', say)).toBe('No answer from the US desk since Friday');
  });
});
