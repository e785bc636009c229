// The deadline policy editor's data (features/hotline/policy.ts): what a publish sends back,
// numbers typed in boxes, and which server field paths the editor shows under a field.
import { describe, expect, it } from 'vitest';
import { numberOrText, policyFields, sourceText, toPublish, type Policy } from '@/features/hotline/policy';

const POLICY: Policy = {
  party: 'CN',
  version: 2,
  published: true,
  updated_at: '2026-12-01T00:00:00Z',
  calendar: { timezone: 'Asia/Shanghai', working_days: [1, 2, 3, 4, 5], holidays: [] },
  clocks: [
    { clock: 'acknowledge', types: ['*'], priorities: ['P1'], amount: '3', unit: 'hours', warn_before_seconds: '900', source: 'agreement default' },
  ],
  lead_outcome: { days: '20', source: 'agreement default: 20 days' },
  ladders: [
    {
      name: 'urgent',
      repeat: '0',
      rules: [{ delay_seconds: '1800', condition: 'not_acknowledged', tier: 1, targets: [{ side: 'both', tier: 1 }] }],
    },
  ],
  ladder_for_priority: { P1: 'urgent' },
  on_arrival: [{ types: ['*'], priorities: ['P0'], tiers: [1] }],
};

describe('the policy editor', () => {
  it('publishes the document without what the server keeps, numbers as numbers', () => {
    const body = toPublish(POLICY);
    expect(Object.keys(body).sort()).toEqual(['calendar', 'clocks', 'ladder_for_priority', 'ladders', 'lead_outcome', 'on_arrival']);
    expect(body.clocks).toEqual([
      { clock: 'acknowledge', types: ['*'], priorities: ['P1'], amount: 3, unit: 'hours', warn_before_seconds: 900, source: 'agreement default' },
    ]);
    expect(body.lead_outcome).toEqual({ days: 20, source: 'agreement default: 20 days' });
    expect(body.ladders).toEqual([
      { name: 'urgent', repeat: 0, rules: [{ delay_seconds: 1800, condition: 'not_acknowledged', tier: 1, targets: [{ side: 'both', tier: 1 }] }] },
    ]);
    // Carried through untouched: what the editor does not show.
    expect(body.on_arrival).toEqual(POLICY.on_arrival);
    expect(body.calendar).toEqual(POLICY.calendar);
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
    const f = policyFields(POLICY);
    for (const k of ['clocks[0].amount', 'clocks[0].source', 'lead_outcome.days', 'ladders[0].repeat', 'ladders[0].rules[0].delay_seconds', 'ladder_for_priority.P3']) {
      expect(f.has(k)).toBe(true);
    }
    expect(f.has('clocks[1].amount')).toBe(false);
    expect(f.has('calendar.timezone')).toBe(false);
    expect(policyFields(null).size).toBe(0);
  });
  it('reads a source whatever its shape', () => {
    expect(sourceText('EU Regulation 2023/1543')).toBe('EU Regulation 2023/1543');
    expect(sourceText({ en: 'Agreement', 'zh-CN': '协定' })).toBe('Agreement / 协定');
    expect(sourceText(undefined)).toBe('');
  });
});
