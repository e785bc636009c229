// The deadline policy editor's form model (features/hotline/policy.ts): a policy read into the
// form and published back (durations in minutes/hours/days, dates as text, unknown members
// carried), clock rules, ladders, steps and arrival rules added and removed, and which server
// field paths the editor shows under a field.
import { describe, expect, it } from 'vitest';
import {
  addArrival,
  addClock,
  addLadder,
  addRule,
  numberOrText,
  policyField,
  policyFields,
  policyLabelKey,
  removeArrival,
  removeClock,
  removeLadder,
  removeRule,
  renameLadder,
  ruleSide,
  setRuleSide,
  setRuleTier,
  sourceText,
  splitDates,
  toDuration,
  toForm,
  toPublish,
  toSeconds,
  type Policy,
} from '@/features/hotline/policy';

const POLICY: Policy = {
  party: 'CN',
  version: 2,
  published: true,
  updated_at: '2026-12-01T00:00:00Z',
  calendar: { timezone: 'Asia/Shanghai', working_days: [1, 2, 3, 4, 5], holidays: ['2026-10-01', '2026-10-02'], extra_working_days: ['2026-10-10'] },
  clocks: [{ clock: 'acknowledge', types: ['*'], priorities: ['P1'], amount: 3, unit: 'hours', warn_before_seconds: 900, source: 'agreement default' }],
  lead_outcome: { days: 20, source: 'agreement default: 20 days' },
  preservation: { days: 90, extension_days: 90, source: '18 USC 2703(f)(2)' },
  expiry_warning_days: [14, 7, 1],
  ladders: [
    {
      name: 'urgent',
      repeat: 0,
      rules: [
        { delay_seconds: 1800, condition: 'not_acknowledged', tier: 1, targets: [{ side: 'both', tier: 1 }] },
        { delay_seconds: 7200, condition: 'not_resolved', tier: 2, targets: [{ party: 'CN', user: 'alice' }] },
      ],
    },
  ],
  ladder_for_priority: { P1: 'urgent' },
  on_arrival: [{ types: ['*'], priorities: ['P0'], tiers: [1], source: 'Budapest Art. 35' }],
};

describe('the policy form', () => {
  it('publishes what it read unchanged, without what the server keeps', () => {
    const body = toPublish(toForm(POLICY));
    const { party: _p, version: _v, published: _u, updated_at: _t, ...expected } = POLICY;
    expect(body).toEqual(expected);
  });
  it('shows seconds in the largest unit that divides them and sends seconds back', () => {
    expect(toDuration(900)).toEqual({ value: 15, unit: 'minutes' });
    expect(toDuration(7200)).toEqual({ value: 2, unit: 'hours' });
    expect(toDuration(1209600)).toEqual({ value: 14, unit: 'days' });
    expect(toDuration(0)).toEqual({ value: 0, unit: 'minutes' });
    expect(toDuration(90)).toEqual({ value: 90, unit: 'seconds' });
    expect(toSeconds({ value: '45', unit: 'minutes' })).toBe(2700);
    expect(toSeconds({ value: '1.5', unit: 'hours' })).toBe(5400);
    expect(toSeconds({ value: 3, unit: 'days' })).toBe(259200);
    expect(toSeconds({ value: '-5', unit: 'minutes' })).toBe(-300);
    // Not a whole number of seconds, or not a number: sent as typed for the server to name.
    expect(toSeconds({ value: '0.001', unit: 'minutes' })).toBe('0.001');
    expect(toSeconds({ value: 'soon', unit: 'hours' })).toBe('soon');
  });
  it('changing the unit of a duration changes the seconds published', () => {
    const f = toForm(POLICY);
    f.clocks[0]!.warn = { value: 2, unit: 'hours' };
    f.ladders[0]!.rules[0]!.delay.unit = 'hours'; // 30 minutes → 30 hours
    const body = toPublish(f) as { clocks: { warn_before_seconds: number }[]; ladders: { rules: { delay_seconds: number }[] }[] };
    expect(body.clocks[0]!.warn_before_seconds).toBe(7200);
    expect(body.ladders[0]!.rules[0]!.delay_seconds).toBe(108000);
  });
  it('reads the calendar dates as text and publishes them as a list', () => {
    const f = toForm(POLICY);
    expect(f.calendar.holidays).toBe('2026-10-01, 2026-10-02');
    f.calendar.holidays = '2026-10-01\n2026-10-05，2026-10-06;  2026-13-40';
    f.calendar.working_days = [6, 1, 2];
    f.calendar.timezone = ' Europe/Berlin ';
    expect(toPublish(f).calendar).toEqual({
      timezone: 'Europe/Berlin',
      working_days: [1, 2, 6],
      holidays: ['2026-10-01', '2026-10-05', '2026-10-06', '2026-13-40'],
      extra_working_days: ['2026-10-10'],
    });
    expect(splitDates('  ')).toEqual([]);
  });
  it('adds and removes clock rules', () => {
    const f = toForm(POLICY);
    addClock(f);
    const c = f.clocks[1]!;
    c.clock = 'preserve';
    c.types = ['preservation'];
    c.priorities = ['P0', 'P1'];
    c.amount = '12';
    c.unit = 'hours';
    c.warn = { value: '30', unit: 'minutes' };
    expect(c.source).toMatchObject({ en: '', zh: '', plain: false });
    c.source.en = 'agreement default: 12 hours';
    c.source.zh = '协定默认：12 小时';
    const body = toPublish(f) as { clocks: unknown[] };
    expect(body.clocks[1]).toEqual({
      clock: 'preserve',
      types: ['preservation'],
      priorities: ['P0', 'P1'],
      amount: 12,
      unit: 'hours',
      warn_before_seconds: 1800,
      source: { en: 'agreement default: 12 hours', 'zh-CN': '协定默认：12 小时' },
    });
    removeClock(f, 0);
    expect((toPublish(f) as { clocks: { clock: string }[] }).clocks.map((x) => x.clock)).toEqual(['preserve']);
  });
  it('adds a step after the last one, a tier higher, paging both sides', () => {
    const f = toForm(POLICY);
    const l = f.ladders[0]!;
    addRule(l);
    expect(toPublish(f).ladders).toEqual([
      expect.objectContaining({
        rules: [
          expect.anything(),
          expect.anything(),
          { delay_seconds: 7200, condition: 'not_acknowledged', tier: 3, targets: [{ side: 'both', tier: 3 }] },
        ],
      }),
    ]);
    removeRule(l, 0);
    expect(l.rules.map((r) => r.tier)).toEqual([2, 3]);
  });
  it('keeps targets by side with their step tier, and named people as they are', () => {
    const f = toForm(POLICY);
    const [byside, named] = f.ladders[0]!.rules;
    setRuleTier(byside!, 3);
    expect(byside!.targets).toEqual([{ side: 'both', tier: 3 }]);
    setRuleSide(byside!, 'counterpart');
    expect(byside!.targets).toEqual([{ side: 'counterpart', tier: 3 }]);
    expect(ruleSide(byside!)).toBe('counterpart');
    setRuleTier(named!, 3);
    expect(named!.targets).toEqual([{ party: 'CN', user: 'alice' }]);
    expect(ruleSide(named!)).toBe('');
  });
  it('adds, renames and removes ladders; the priorities follow', () => {
    const f = toForm(POLICY);
    addLadder(f);
    expect(f.ladders[1]!.name).toBe('ladder-2');
    expect(f.ladders[1]!.rules).toHaveLength(1);
    renameLadder(f, 0, 'fast');
    expect(f.ladder_for_priority).toEqual({ P1: 'fast' });
    f.ladder_for_priority.P3 = 'ladder-2';
    removeLadder(f, 0);
    const body = toPublish(f) as { ladders: { name: string }[]; ladder_for_priority: unknown };
    expect(body.ladders.map((l) => l.name)).toEqual(['ladder-2']);
    expect(body.ladder_for_priority).toEqual({ P3: 'ladder-2' });
    addLadder(f);
    expect(f.ladders.map((l) => l.name)).toEqual(['ladder-2', 'ladder-3']);
  });
  it('adds and removes arrival rules; a policy without them publishes none', () => {
    const { on_arrival: _o, ...noArrival } = POLICY;
    const f = toForm(noArrival);
    expect(f.on_arrival).toBeNull();
    expect('on_arrival' in toPublish(f)).toBe(false);
    addArrival(f);
    f.on_arrival![0]!.tiers = [1, 2];
    expect(toPublish(f).on_arrival).toEqual([{ types: ['*'], priorities: ['P0'], tiers: [1, 2] }]);
    removeArrival(f, 0);
    expect(toPublish(f).on_arrival).toEqual([]);
  });
  it('edits the preservation period, the expiry reminders and the automatic escalations', () => {
    const f = toForm({ ...POLICY, escalation: { missed_acknowledgement: true, breached_deadline: true } });
    expect(f.expiry_warning_days).toBe('14, 7, 1');
    f.preservation!.days = '60';
    f.preservation!.extension_days = '30';
    f.expiry_warning_days = '10 3，1';
    f.escalation!.breached_deadline = false;
    const body = toPublish(f);
    expect(body.preservation).toEqual({ days: 60, extension_days: 30, source: '18 USC 2703(f)(2)' });
    expect(body.expiry_warning_days).toEqual([10, 3, 1]);
    expect(body.escalation).toEqual({ missed_acknowledgement: true, breached_deadline: false });
    // A policy without them publishes none (the server's defaults apply).
    const { preservation: _p, expiry_warning_days: _e, ...bare } = POLICY;
    const none = toPublish(toForm(bare));
    expect('preservation' in none || 'expiry_warning_days' in none || 'escalation' in none).toBe(false);
  });
  it('sends a box that is not a whole number as typed, for the server to name', () => {
    expect(numberOrText('12')).toBe(12);
    expect(numberOrText(' 7 ')).toBe(7);
    expect(numberOrText(5)).toBe(5);
    expect(numberOrText('-5')).toBe(-5);
    expect(numberOrText('1.5')).toBe('1.5');
    expect(numberOrText('abc')).toBe('abc');
    expect(numberOrText('')).toBe('');
  });
  it('shows an error under the field it names, and only those it shows', () => {
    const f = toForm(POLICY);
    for (const k of ['clocks[0].amount', 'clocks[0].source', 'lead_outcome.days', 'ladders[0].repeat', 'ladders[0].rules[1].delay_seconds', 'ladder_for_priority.P3', 'calendar.timezone', 'on_arrival[0].tiers']) {
      expect(policyFields(f).has(k)).toBe(true);
    }
    expect(policyFields(f).has('clocks[1].amount')).toBe(false);
    expect(policyFields(null).size).toBe(0);
    expect(policyField(f, 'calendar.holidays[3]')).toBe('calendar.holidays');
    expect(policyField(f, 'on_arrival[0].tiers[1]')).toBe('on_arrival[0].tiers');
    expect(policyField(f, 'ladders[0].rules[1].targets[0].side')).toBe('ladders[0].rules[1].targets');
    expect(policyField(f, 'clocks[0].amount')).toBe('clocks[0].amount');
    expect(policyField(f, 'clocks[4].amount')).toBe('');
    expect(policyField(f, 'preservation.days')).toBe('preservation.days');
    expect(policyField(f, 'escalation')).toBe('');
    // A bilingual source's language is shown under the source.
    expect(policyField(f, 'clocks[0].source.en')).toBe('clocks[0].source');
    expect(policyField(f, 'on_arrival[0].source.zh-CN')).toBe('on_arrival[0].source');
    expect(policyField(f, 'lead_outcome.source.en')).toBe('lead_outcome.source');
  });
  it('round-trips bilingual sources unchanged', () => {
    const bi: Policy = {
      ...POLICY,
      clocks: [{ ...POLICY.clocks[0]!, source: { en: 'Agreement Art. 4', 'zh-CN': '协定第 4 条' } }],
      lead_outcome: { days: 20, source: { en: 'Agreement Art. 9', 'zh-CN': '协定第 9 条' } },
      preservation: { days: 90, extension_days: 90, source: { en: '18 USC 2703(f)(2)', 'zh-CN': '美国法典第 18 编第 2703(f)(2) 条' } },
      on_arrival: [{ types: ['*'], priorities: ['P0'], tiers: [1], source: { en: 'Budapest Art. 35', 'zh-CN': '布达佩斯公约第 35 条' } }],
    };
    const f = toForm(bi);
    expect(f.clocks[0]!.source).toMatchObject({ en: 'Agreement Art. 4', zh: '协定第 4 条', plain: false });
    const { party: _p, version: _v, published: _u, updated_at: _t, ...expected } = bi;
    expect(toPublish(f)).toEqual(expected);
  });
  it('keeps a plain-text source a text unless its Chinese box is filled', () => {
    const f = toForm(POLICY);
    expect(f.clocks[0]!.source).toMatchObject({ en: 'agreement default', zh: '', plain: true });
    // Untouched, or edited in English only: still a text.
    expect((toPublish(f).clocks as { source: unknown }[])[0]!.source).toBe('agreement default');
    f.lead_outcome!.source.en = 'agreement default: 21 days';
    expect((toPublish(f).lead_outcome as { source: unknown }).source).toBe('agreement default: 21 days');
    // A blank Chinese box does not count.
    f.clocks[0]!.source.zh = '  ';
    expect((toPublish(f).clocks as { source: unknown }[])[0]!.source).toBe('agreement default');
    // Filling the Chinese box makes it bilingual.
    f.clocks[0]!.source.zh = '协定默认';
    f.preservation!.source.zh = '美国法典第 18 编第 2703(f)(2) 条';
    f.on_arrival![0]!.source.zh = '布达佩斯公约第 35 条';
    const body = toPublish(f);
    expect((body.clocks as { source: unknown }[])[0]!.source).toEqual({ en: 'agreement default', 'zh-CN': '协定默认' });
    expect((body.preservation as { source: unknown }).source).toEqual({ en: '18 USC 2703(f)(2)', 'zh-CN': '美国法典第 18 编第 2703(f)(2) 条' });
    expect((body.on_arrival as { source: unknown }[])[0]!.source).toEqual({ en: 'Budapest Art. 35', 'zh-CN': '布达佩斯公约第 35 条' });
  });
  it('sends a source of a shape it does not know back as it came', () => {
    const odd: Policy = { ...POLICY, clocks: [{ ...POLICY.clocks[0]!, source: ['a', 'b'] }] };
    const f = toForm(odd);
    expect(f.clocks[0]!.source.other).toEqual({ value: ['a', 'b'] });
    expect((toPublish(f).clocks as { source: unknown }[])[0]!.source).toEqual(['a', 'b']);
  });
  it('names the field of an error path by its label key', () => {
    expect(policyLabelKey('clocks[1].amount')).toBe('amount');
    expect(policyLabelKey('clocks[0].source.zh-CN')).toBe('sourceZh');
    expect(policyLabelKey('lead_outcome.days')).toBe('leadDays');
    expect(policyLabelKey('preservation.days')).toBe('preservationDays');
    expect(policyLabelKey('ladders[0].rules[1].delay_seconds')).toBe('after');
    expect(policyLabelKey('calendar.holidays[2]')).toBe('holidays');
    expect(policyLabelKey('ladder_for_priority.P3')).toBe('');
  });
  it('reads a source whatever its shape', () => {
    expect(sourceText('EU Regulation 2023/1543')).toBe('EU Regulation 2023/1543');
    expect(sourceText({ en: 'Agreement', 'zh-CN': '协定' })).toBe('Agreement / 协定');
    expect(sourceText(undefined)).toBe('');
  });
});
