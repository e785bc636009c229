// The deadline policy editor's data (GET/PUT /hotline/policy, docs/HOTLINE.md): the document
// as the server answers it, the editor's form of it (durations in human units, dates as text,
// rules and ladders added and removed), and the body a publish sends back. What the editor
// does not show is carried through as it came.
import { api } from '@/shared/api/client';

export interface PolicyClock {
  clock: string;
  types: string[];
  priorities: string[];
  amount: number | string;
  unit: string;
  warn_before_seconds: number | string;
  source: unknown; // a string; carried as it came when a later version makes it something else
  [k: string]: unknown;
}

export interface PolicyLadderRule {
  delay_seconds: number | string;
  condition: string;
  tier: number;
  targets: unknown[];
  [k: string]: unknown;
}

export interface PolicyLadder {
  name: string;
  repeat: number | string;
  rules: PolicyLadderRule[];
  [k: string]: unknown;
}

export interface PolicyCalendar {
  timezone: string;
  working_days: number[];
  holidays?: string[];
  extra_working_days?: string[];
  [k: string]: unknown;
}

export interface ArrivalRule {
  types: string[];
  priorities: string[];
  tiers: number[];
  source?: unknown; // a text or {en, zh-CN}
  [k: string]: unknown;
}

/** An arrival rule as the editor shows it. */
export interface ArrivalForm {
  types: string[];
  priorities: string[];
  tiers: number[];
  source: SourceForm;
  rest: Record<string, unknown>;
}

export interface Policy {
  party: string;
  version?: number;
  published?: boolean;
  updated_at?: string;
  calendar?: PolicyCalendar;
  clocks: PolicyClock[];
  lead_outcome?: { days: number | string; source: unknown; [k: string]: unknown };
  ladders: PolicyLadder[];
  ladder_for_priority?: Record<string, string>;
  on_arrival?: ArrivalRule[];
  [k: string]: unknown;
}

/**
 * A source as the editor shows it: an English and a Chinese box. `plain`: the policy gave a
 * plain text (published before sources were bilingual); it goes back as a text unless the
 * Chinese box is filled. `other`: a shape this editor does not know, sent back as it came.
 */
export interface SourceForm {
  en: string;
  zh: string;
  plain: boolean;
  other?: { value: unknown };
  rest: Record<string, unknown>; // members of a source object besides en and zh-CN
}

/** A duration in seconds as the editor shows it: a number and a unit. */
export interface Duration {
  value: number | string;
  unit: DurationUnit;
}

export interface ClockForm {
  clock: string;
  types: string[];
  priorities: string[];
  amount: number | string;
  unit: string;
  warn: Duration;
  source: SourceForm;
  rest: Record<string, unknown>; // members this editor does not know, sent back as they came
}

export interface RuleForm {
  delay: Duration;
  condition: string;
  tier: number;
  targets: unknown[];
  rest: Record<string, unknown>;
}

export interface LadderForm {
  name: string;
  repeat: number | string;
  rules: RuleForm[];
  rest: Record<string, unknown>;
}

export interface CalendarForm {
  timezone: string;
  working_days: number[];
  holidays: string; // dates separated by spaces, commas or lines
  extra_working_days: string;
  rest: Record<string, unknown>;
}

export interface PolicyForm {
  calendar: CalendarForm;
  clocks: ClockForm[];
  ladders: LadderForm[];
  ladder_for_priority: Record<string, string>;
  on_arrival: ArrivalForm[] | null; // null: the policy has none (the shipped rules apply)
  lead_outcome?: { days: number | string; source: SourceForm; rest: Record<string, unknown> };
  preservation: { days: number | string; extension_days: number | string; source: SourceForm; rest: Record<string, unknown> } | null;
  expiry_warning_days: string | null; // days separated by commas or spaces
  escalation: { missed_acknowledgement: boolean; breached_deadline: boolean; [k: string]: unknown } | null;
  rest: Record<string, unknown>;
}

export const UNITS = ['hours', 'days', 'business_days', 'minutes', 'seconds'] as const;
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'seconds'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const CLOCK_NAMES = ['acknowledge', 'preserve', 'first_reply', 'fulfil', 'written_confirmation'] as const;
export const CONDITIONS = ['not_acknowledged', 'not_resolved'] as const;
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export const TIERS = [1, 2, 3] as const;
export const SIDES = ['both', 'owner', 'counterpart'] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** The shipped lead-outcome clock, shown when a policy has none (reports/case_clocks). */
export const SHIPPED_LEAD_OUTCOME_DAYS = 30;

export function getPolicy(party?: string): Promise<Policy> {
  return api.call<Policy>('GET', '/hotline/policy', { query: { party } });
}

/** Publishes the form as this party's policy: the server signs a policy.publish record. */
export function publishPolicy(f: PolicyForm): Promise<Policy> {
  return api.call<Policy>('PUT', '/hotline/policy', { json: toPublish(f) });
}

/** A number typed in a box: the number when it is one, else the text as typed (the server names it). */
export function numberOrText(v: unknown): number | string {
  if (typeof v === 'number') return v;
  const s = String(v ?? '').trim();
  return s !== '' && /^-?\d+$/.test(s) ? Number(s) : s;
}

/** Seconds in the largest unit that divides them (0 and odd seconds: minutes or seconds). */
export function toDuration(seconds: unknown): Duration {
  const s = typeof seconds === 'number' ? seconds : Number(numberOrText(seconds));
  if (!Number.isInteger(s)) return { value: String(seconds ?? ''), unit: 'seconds' };
  if (s !== 0 && s % 86400 === 0) return { value: s / 86400, unit: 'days' };
  if (s !== 0 && s % 3600 === 0) return { value: s / 3600, unit: 'hours' };
  if (s % 60 === 0) return { value: s / 60, unit: 'minutes' };
  return { value: s, unit: 'seconds' };
}

/** The seconds a duration stands for; text that is no number (or no whole second) as typed, for the server to name. */
export function toSeconds(d: Duration): number | string {
  const s = String(d.value ?? '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return typeof d.value === 'number' ? d.value * SECONDS[d.unit] : s;
  const n = Number(s) * SECONDS[d.unit];
  const rounded = Math.round(n);
  return Math.abs(n - rounded) < 1e-6 ? rounded : s;
}

/** Dates typed in a box (spaces, commas, semicolons or lines between them). */
export function splitDates(text: string): string[] {
  return text
    .split(/[\s,;，；]+/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

function without<T extends Record<string, unknown>>(o: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

const CLOCK_KEYS = ['clock', 'types', 'priorities', 'amount', 'unit', 'warn_before_seconds', 'source'];
const RULE_KEYS = ['delay_seconds', 'condition', 'tier', 'targets'];
const LADDER_KEYS = ['name', 'repeat', 'rules'];
const CALENDAR_KEYS = ['timezone', 'working_days', 'holidays', 'extra_working_days'];
const SERVER_KEYS = ['party', 'version', 'published', 'updated_at'];
const POLICY_KEYS = [
  ...SERVER_KEYS,
  'calendar',
  'clocks',
  'ladders',
  'ladder_for_priority',
  'on_arrival',
  'lead_outcome',
  'preservation',
  'expiry_warning_days',
  'escalation',
];

type Escalation = NonNullable<PolicyForm['escalation']>;

/** The editor's form of a policy the server sent. */
export function toForm(p: Policy): PolicyForm {
  const cal = p.calendar ?? { timezone: 'UTC', working_days: [1, 2, 3, 4, 5] };
  return {
    calendar: {
      timezone: cal.timezone ?? '',
      working_days: [...(cal.working_days ?? [])],
      holidays: (cal.holidays ?? []).join(', '),
      extra_working_days: (cal.extra_working_days ?? []).join(', '),
      rest: without(cal, CALENDAR_KEYS),
    },
    clocks: p.clocks.map((c) => ({
      clock: c.clock,
      types: [...c.types],
      priorities: [...c.priorities],
      amount: c.amount,
      unit: c.unit,
      warn: toDuration(c.warn_before_seconds ?? 0),
      source: toSourceForm(c.source),
      rest: without(c, CLOCK_KEYS),
    })),
    ladders: p.ladders.map((l) => ({
      name: l.name,
      repeat: l.repeat ?? 0,
      rules: l.rules.map((r) => ({
        delay: toDuration(r.delay_seconds),
        condition: r.condition,
        tier: r.tier,
        targets: structuredClone(r.targets ?? []),
        rest: without(r, RULE_KEYS),
      })),
      rest: without(l, LADDER_KEYS),
    })),
    ladder_for_priority: { ...(p.ladder_for_priority ?? {}) },
    on_arrival: p.on_arrival ? p.on_arrival.map(toArrivalForm) : null,
    lead_outcome: p.lead_outcome
      ? { days: p.lead_outcome.days, source: toSourceForm(p.lead_outcome.source), rest: without(p.lead_outcome, ['days', 'source']) }
      : { days: SHIPPED_LEAD_OUTCOME_DAYS, source: toSourceForm(undefined), rest: {} },
    preservation: p.preservation && typeof p.preservation === 'object' ? toPreservationForm(p.preservation as Record<string, unknown>) : null,
    expiry_warning_days: Array.isArray(p.expiry_warning_days) ? p.expiry_warning_days.join(', ') : null,
    escalation: p.escalation && typeof p.escalation === 'object' ? { ...(p.escalation as Escalation) } : null,
    rest: without(p, POLICY_KEYS),
  };
}

/** The body of a publish: the document without what the server keeps itself, seconds as seconds. */
export function toPublish(f: PolicyForm): Record<string, unknown> {
  const out: Record<string, unknown> = { ...f.rest };
  out.calendar = {
    ...f.calendar.rest,
    timezone: f.calendar.timezone.trim(),
    working_days: [...f.calendar.working_days].sort((a, b) => a - b),
    holidays: splitDates(f.calendar.holidays),
    extra_working_days: splitDates(f.calendar.extra_working_days),
  };
  out.clocks = f.clocks.map((c) => ({
    ...c.rest,
    clock: c.clock,
    types: c.types,
    priorities: c.priorities,
    amount: numberOrText(c.amount),
    unit: c.unit,
    warn_before_seconds: toSeconds(c.warn),
    source: fromSourceForm(c.source),
  }));
  out.ladders = f.ladders.map((l) => ({
    ...l.rest,
    name: l.name.trim(),
    repeat: numberOrText(l.repeat),
    rules: l.rules.map((r) => ({ ...r.rest, delay_seconds: toSeconds(r.delay), condition: r.condition, tier: r.tier, targets: r.targets })),
  }));
  const lfp: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.ladder_for_priority)) if (v) lfp[k] = v;
  out.ladder_for_priority = lfp;
  if (f.on_arrival) {
    out.on_arrival = f.on_arrival.map((r) => {
      const rule: Record<string, unknown> = { ...r.rest, types: r.types, priorities: r.priorities, tiers: r.tiers };
      if (!isEmptySource(r.source)) rule.source = fromSourceForm(r.source);
      return rule;
    });
  }
  if (f.lead_outcome) {
    const l = f.lead_outcome;
    out.lead_outcome = { ...l.rest, days: numberOrText(l.days), source: fromSourceForm(l.source) };
  }
  if (f.preservation) {
    const p = f.preservation;
    out.preservation = { ...p.rest, days: numberOrText(p.days), extension_days: numberOrText(p.extension_days), source: fromSourceForm(p.source) };
  }
  if (f.expiry_warning_days !== null) out.expiry_warning_days = splitDates(f.expiry_warning_days).map(numberOrText);
  if (f.escalation) out.escalation = { ...f.escalation };
  return out;
}

/** A new clock rule: every type, P2, 1 working day, warned 4 hours before. */
export function newClock(): ClockForm {
  return { clock: 'acknowledge', types: ['*'], priorities: ['P2'], amount: 1, unit: 'business_days', warn: { value: 4, unit: 'hours' }, source: toSourceForm(undefined), rest: {} };
}

/** A new ladder step: 1 hour after the previous one (or after the start), tier 1 on both sides. */
export function newRule(after?: RuleForm): RuleForm {
  const tier = after ? Math.min(3, after.tier + 1) : 1;
  const delay: Duration = after ? { ...after.delay } : { value: 30, unit: 'minutes' };
  return { delay, condition: 'not_acknowledged', tier, targets: [{ side: 'both', tier }], rest: {} };
}

/** A new ladder with one step and a name no other ladder has. */
export function newLadder(f: PolicyForm, base = 'ladder'): LadderForm {
  const names = new Set(f.ladders.map((l) => l.name));
  let n = f.ladders.length + 1;
  while (names.has(`${base}-${n}`)) n++;
  return { name: `${base}-${n}`, repeat: 0, rules: [newRule()], rest: {} };
}

export function addClock(f: PolicyForm): void {
  f.clocks.push(newClock());
}

export function removeClock(f: PolicyForm, i: number): void {
  f.clocks.splice(i, 1);
}

export function addLadder(f: PolicyForm): void {
  f.ladders.push(newLadder(f));
}

/** Removes a ladder; a priority that climbed it climbs the server's default (the first) instead. */
export function removeLadder(f: PolicyForm, i: number): void {
  const [gone] = f.ladders.splice(i, 1);
  if (!gone) return;
  for (const [pr, name] of Object.entries(f.ladder_for_priority)) if (name === gone.name) delete f.ladder_for_priority[pr];
}

/** Renames a ladder and the priorities that climb it. */
export function renameLadder(f: PolicyForm, i: number, name: string): void {
  const l = f.ladders[i];
  if (!l) return;
  for (const [pr, n] of Object.entries(f.ladder_for_priority)) if (n === l.name) f.ladder_for_priority[pr] = name;
  l.name = name;
}

export function addRule(l: LadderForm): void {
  l.rules.push(newRule(l.rules[l.rules.length - 1]));
}

export function removeRule(l: LadderForm, j: number): void {
  l.rules.splice(j, 1);
}

/** Targets by side ({side, tier}) follow their step's tier; named people and schedules stay. */
export function setRuleTier(r: RuleForm, tier: number): void {
  r.tier = tier;
  r.targets = r.targets.map((t) => (isSideTarget(t) ? { ...t, tier } : t));
}

export function isSideTarget(t: unknown): t is { side: string; tier: number } {
  return !!t && typeof t === 'object' && typeof (t as { side?: unknown }).side === 'string';
}

/** The side a step pages when all its targets are by side, else '' (named people or schedules). */
export function ruleSide(r: RuleForm): string {
  const sides = new Set(r.targets.map((t) => (isSideTarget(t) ? t.side : '')));
  return sides.size === 1 && !sides.has('') ? [...sides][0]! : '';
}

export function setRuleSide(r: RuleForm, side: string): void {
  r.targets = [{ side, tier: r.tier }];
}

/** A target's text when it is not by side: "CN: alice" or "US: schedule night". */
export function targetText(t: unknown): string {
  if (!t || typeof t !== 'object') return '';
  const o = t as Record<string, unknown>;
  return [o.party, o.user ?? o.schedule].filter((x) => typeof x === 'string' && x).join(': ');
}

export function addArrival(f: PolicyForm): void {
  (f.on_arrival ??= []).push({ types: ['*'], priorities: ['P0'], tiers: [1], source: toSourceForm(undefined), rest: {} });
}

export function removeArrival(f: PolicyForm, i: number): void {
  f.on_arrival?.splice(i, 1);
}

/** A source the policy gave: a plain text in the English box, {en, zh-CN} in both, none: both empty. */
export function toSourceForm(s: unknown): SourceForm {
  if (typeof s === 'string') return { en: s, zh: '', plain: true, rest: {} };
  if (s === undefined || s === null) return { en: '', zh: '', plain: false, rest: {} };
  const o = s as Record<string, unknown>;
  if (typeof s !== 'object' || Array.isArray(s) || !['en', 'zh-CN'].every((k) => o[k] === undefined || typeof o[k] === 'string')) {
    return { en: '', zh: '', plain: false, other: { value: s }, rest: {} };
  }
  return { en: (o.en as string) ?? '', zh: (o['zh-CN'] as string) ?? '', plain: false, rest: without(o, ['en', 'zh-CN']) };
}

/** The source a publish sends: a plain text stays a text until its Chinese box is filled. */
export function fromSourceForm(f: SourceForm): unknown {
  if (f.other) return f.other.value;
  if (f.plain && f.zh.trim() === '') return f.en;
  return { ...f.rest, en: f.en, 'zh-CN': f.zh };
}

function isEmptySource(f: SourceForm): boolean {
  return !f.other && f.en.trim() === '' && f.zh.trim() === '' && Object.keys(f.rest).length === 0;
}

function toArrivalForm(r: ArrivalRule): ArrivalForm {
  return {
    types: [...r.types],
    priorities: [...r.priorities],
    tiers: [...r.tiers],
    source: toSourceForm(r.source),
    rest: without(r, ['types', 'priorities', 'tiers', 'source']),
  };
}

function toPreservationForm(p: Record<string, unknown>): NonNullable<PolicyForm['preservation']> {
  return {
    days: p.days as number | string,
    extension_days: p.extension_days as number | string,
    source: toSourceForm(p.source),
    rest: without(p, ['days', 'extension_days', 'source']),
  };
}

/** The source as text, whatever its shape. */
export function sourceText(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object') return Object.values(s as Record<string, unknown>).filter((v) => typeof v === 'string').join(' / ');
  return '';
}

/** The tools.policy label key of the field an error path names, or '' ("this field"). */
const LEAF_LABELS: Record<string, string> = {
  clock: 'clock',
  types: 'types',
  priorities: 'priorities',
  amount: 'amount',
  unit: 'unit',
  warn_before_seconds: 'warn',
  source: 'source',
  'source.en': 'sourceEn',
  'source.zh-CN': 'sourceZh',
  'lead_outcome.days': 'leadDays',
  'preservation.days': 'preservationDays',
  extension_days: 'extensionDays',
  expiry_warning_days: 'expiryWarning',
  repeat: 'repeat',
  delay_seconds: 'after',
  condition: 'condition',
  tier: 'tier',
  tiers: 'pageTiers',
  name: 'ladderName',
  timezone: 'timezone',
  working_days: 'workingDays',
  holidays: 'holidays',
  extra_working_days: 'extraWorkingDays',
};

export function policyLabelKey(path: string): string {
  const p = path.replace(/\[\d+\]$/, '');
  for (const tail of [p.split(/\.(?=[^.]*\.[^.]*$)/).pop() ?? '', p.split('.').pop() ?? '']) {
    if (LEAF_LABELS[tail]) return LEAF_LABELS[tail]!;
  }
  return '';
}

/**
 * The editor's field a server error path is shown under, or '' for the alert: a path the editor
 * shows as it is ("clocks[0].amount"), a list item under its list ("calendar.holidays[2]" →
 * "calendar.holidays", "clocks[0].priorities[1]" → "clocks[0].priorities"), a target under its step.
 */
export function policyField(f: PolicyForm | null, path: string): string {
  const fields = policyFields(f);
  if (fields.has(path)) return path;
  const up = path
    .replace(/\.source\.(en|zh-CN)$/, '.source')
    .replace(/\.targets\[\d+\].*$/, '.targets')
    .replace(/\[\d+\]$/, '');
  return fields.has(up) ? up : '';
}

/** Every field path the editor shows, so a server error naming one is shown under it. */
export function policyFields(f: PolicyForm | null): Set<string> {
  const out = new Set<string>();
  if (!f) return out;
  for (const k of CALENDAR_KEYS) out.add(`calendar.${k}`);
  out.add('calendar');
  f.clocks.forEach((_, i) => {
    for (const k of CLOCK_KEYS) out.add(`clocks[${i}].${k}`);
  });
  out.add('lead_outcome.days');
  out.add('lead_outcome.source');
  for (const k of ['preservation.days', 'preservation.extension_days', 'preservation.source', 'expiry_warning_days']) out.add(k);
  f.ladders.forEach((l, i) => {
    for (const k of LADDER_KEYS) out.add(`ladders[${i}].${k}`);
    l.rules.forEach((_, j) => {
      for (const k of RULE_KEYS) out.add(`ladders[${i}].rules[${j}].${k}`);
    });
  });
  for (const pr of PRIORITIES) out.add(`ladder_for_priority.${pr}`);
  f.on_arrival?.forEach((_, i) => {
    for (const k of ['types', 'priorities', 'tiers', 'source']) out.add(`on_arrival[${i}].${k}`);
  });
  return out;
}
