// The deadline policy editor's data (GET/PUT /hotline/policy, docs/HOTLINE.md): the document
// as the server answers it, the parts the console edits typed, the rest carried through as it
// came so a publish sends back everything the editor does not touch.
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

export interface Policy {
  party: string;
  version?: number;
  published?: boolean;
  updated_at?: string;
  clocks: PolicyClock[];
  lead_outcome?: { days: number | string; source: unknown; [k: string]: unknown };
  ladders: PolicyLadder[];
  ladder_for_priority?: Record<string, string>;
  [k: string]: unknown;
}

export const UNITS = ['hours', 'days', 'business_days', 'minutes', 'seconds'] as const;
export const CONDITIONS = ['not_acknowledged', 'not_resolved'] as const;
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** The shipped lead-outcome clock, shown when a policy has none (reports/case_clocks). */
export const SHIPPED_LEAD_OUTCOME_DAYS = 30;

export function getPolicy(party?: string): Promise<Policy> {
  return api.call<Policy>('GET', '/hotline/policy', { query: { party } });
}

/** Publishes `p` as this party's policy: the server signs a policy.publish record. */
export function publishPolicy(p: Policy): Promise<Policy> {
  return api.call<Policy>('PUT', '/hotline/policy', { json: toPublish(p) });
}

/** A number typed in a box: the number when it is one, else the text as typed (the server names it). */
export function numberOrText(v: unknown): number | string {
  if (typeof v === 'number') return v;
  const s = String(v ?? '').trim();
  return s !== '' && /^-?\d+$/.test(s) ? Number(s) : s;
}

/** The body of a publish: the document without what the server keeps itself. */
export function toPublish(p: Policy): Record<string, unknown> {
  const { party: _party, version: _version, published: _published, updated_at: _updated, ...rest } = p;
  const out: Record<string, unknown> = { ...rest };
  out.clocks = p.clocks.map((c) => ({ ...c, amount: numberOrText(c.amount), warn_before_seconds: numberOrText(c.warn_before_seconds) }));
  out.ladders = p.ladders.map((l) => ({
    ...l,
    repeat: numberOrText(l.repeat),
    rules: l.rules.map((r) => ({ ...r, delay_seconds: numberOrText(r.delay_seconds) })),
  }));
  if (p.lead_outcome) out.lead_outcome = { ...p.lead_outcome, days: numberOrText(p.lead_outcome.days) };
  return out;
}

/** The source as text, whatever its shape (a string today). */
export function sourceText(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object') return Object.values(s as Record<string, unknown>).filter((v) => typeof v === 'string').join(' / ');
  return '';
}

/** Every field path the editor shows, so a server error naming one is shown under it. */
export function policyFields(p: Policy | null): Set<string> {
  const out = new Set<string>();
  if (!p) return out;
  p.clocks.forEach((_, i) => {
    for (const k of ['clock', 'types', 'priorities', 'amount', 'unit', 'warn_before_seconds', 'source']) out.add(`clocks[${i}].${k}`);
  });
  out.add('lead_outcome.days');
  out.add('lead_outcome.source');
  p.ladders.forEach((l, i) => {
    for (const k of ['name', 'repeat', 'rules']) out.add(`ladders[${i}].${k}`);
    l.rules.forEach((_, j) => {
      for (const k of ['delay_seconds', 'condition', 'tier', 'targets']) out.add(`ladders[${i}].rules[${j}].${k}`);
    });
  });
  for (const pr of PRIORITIES) out.add(`ladder_for_priority.${pr}`);
  return out;
}
