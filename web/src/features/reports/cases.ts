// Priority cases (issue 16, item 2) in the console: the API calls (docs/API.md, "Priority
// cases"), and pure functions of a case and "now" that the list and the case page render —
// each party's next status report and its clock, the latest phase, both sides' reports in
// time order, the proposal body from the form. Tested in tests/unit/cases.test.ts.
import { api } from '@/shared/api/client';
import type { components } from '@/shared/api/generated/openapi';
import { parseTime } from '@/shared/util/time';

type Schemas = components['schemas'];
export type PriorityCase = Schemas['PriorityCase'];
export type PriorityCaseList = Schemas['PriorityCaseList'];
export type CaseProposal = Schemas['CaseProposal'];
export type CaseAcceptance = Schemas['CaseAcceptance'];
export type CaseStatusInput = Schemas['CaseStatusInput'];
export type CaseStatusReport = Schemas['CaseStatusReport'];
export type CaseText = Schemas['CaseText'];
export type CaseOfficer = Schemas['CaseOfficer'];
export type CaseArea = Schemas['CasePriorityArea'];
export type CasePhase = Schemas['CasePhase'];

/** The seven priority areas both sides named (the server's kPriorityAreas, reports/kinds.h). */
export const CASE_AREAS: readonly CaseArea[] = [
  'hacking',
  'online_fraud',
  'csam',
  'darknet_drugs_firearms',
  'ip_theft',
  'terrorist_use',
  'critical_infrastructure',
];
export const CASE_PHASES: readonly CasePhase[] = ['active', 'suspended', 'concluded'];
/** Status-report interval in days: the server's limits (reports/kinds.h) and its default. */
export const INTERVAL_MIN = 1;
export const INTERVAL_MAX = 366;
export const INTERVAL_DEFAULT = 30;

const path = (id: string, rest = '') => `/cases/${encodeURIComponent(id)}${rest}`;

export const casesApi = {
  list(state?: string): Promise<PriorityCaseList> {
    return api.call('GET', '/cases', { query: state ? { state } : {} });
  },
  get(id: string): Promise<PriorityCase> {
    return api.call('GET', path(id));
  },
  propose(body: CaseProposal): Promise<PriorityCase> {
    return api.call('POST', '/cases', { json: body });
  },
  accept(id: string, body: CaseAcceptance): Promise<PriorityCase> {
    return api.call('POST', path(id, '/accept'), { json: body });
  },
  postStatus(id: string, body: CaseStatusInput): Promise<PriorityCase> {
    return api.call('POST', path(id, '/status'), { json: body });
  },
};

/** The other party of a case, seen from `me`. */
export function otherPartyOf(c: Pick<PriorityCase, 'proposer' | 'party'>, me: string): string {
  return c.proposer === me ? c.party : c.proposer;
}

/** The two parties of a case, this one first (when it is one of them). */
export function partiesOf(c: Pick<PriorityCase, 'proposer' | 'party'>, me: string): string[] {
  return c.party === me ? [c.party, c.proposer] : [c.proposer, c.party];
}

/** May this party accept the case: it is the party it was proposed to, and it is still proposed. */
export function canAccept(c: Pick<PriorityCase, 'party' | 'state'>, me: string): boolean {
  return c.state === 'proposed' && c.party === me;
}

/** May this party post a status report: the case is accepted or concluded (a later active one reopens). */
export function canReport(c: Pick<PriorityCase, 'proposer' | 'party' | 'state'>, me: string): boolean {
  return c.state !== 'proposed' && (c.proposer === me || c.party === me);
}

export interface DueView {
  party: string;
  /** The due time of this party's next status report, or '' (not accepted yet, or concluded). */
  dueAt: string;
  /** Seconds until it (negative once overdue), or null without a running clock. */
  seconds: number | null;
  overdue: boolean;
}

/**
 * Each party's next status report as a clock at `nowMs`, this party first: a concluded case
 * has none; a running clock turns overdue once its due time has passed, between two reads.
 */
export function dueViews(c: PriorityCase, me: string, nowMs: number): DueView[] {
  return partiesOf(c, me).map((party) => {
    const dueAt = c.state === 'concluded' ? '' : (c.next_due?.[party] ?? '');
    const d = parseTime(dueAt);
    const seconds = d ? Math.floor((d.getTime() - nowMs) / 1000) : null;
    return { party, dueAt, seconds, overdue: seconds !== null && seconds < 0 };
  });
}

/** The soonest of the parties' next reports (the list's clock), or null. */
export function nextDue(c: PriorityCase, me: string, nowMs: number): DueView | null {
  const running = dueViews(c, me, nowMs).filter((v) => v.seconds !== null);
  if (!running.length) return null;
  return running.reduce((a, b) => ((b.seconds as number) < (a.seconds as number) ? b : a));
}

/** The latest status report of either party (its phase is the case's), or null before any. */
export function latestReport(c: Pick<PriorityCase, 'reports'>): CaseStatusReport | null {
  const sorted = reportsInOrder(c);
  return sorted.length ? sorted[sorted.length - 1] : null;
}

/** Both parties' status reports in time order (oldest first; the order applied breaks ties). */
export function reportsInOrder(c: Pick<PriorityCase, 'reports'>): CaseStatusReport[] {
  return (c.reports ?? [])
    .map((r, i) => ({ r, i, t: parseTime(r.at)?.getTime() ?? 0 }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.r);
}

/** A bilingual text of the forms: the original in `lang`, with the translation when typed. */
export interface TextDraft {
  original: string;
  lang: string;
  translation?: string;
  translation_lang?: string;
}

/** The text as the API takes it, or undefined when nothing was typed (an optional field). */
export function caseText(d: TextDraft): CaseText | undefined {
  const original = d.original.trim();
  if (!original) return undefined;
  const out: CaseText = { original, lang: d.lang };
  const translation = (d.translation ?? '').trim();
  if (translation) {
    out.translation = translation;
    if (d.translation_lang) out.translation_lang = d.translation_lang;
  }
  return out;
}

/** An officer as the API takes it: name required, the rest only when typed. */
export interface OfficerDraft {
  name: string;
  title: string;
  email: string;
  phone: string;
}

export function officerOf(d: OfficerDraft): CaseOfficer | undefined {
  const name = d.name.trim();
  if (!name) return undefined;
  const out: CaseOfficer = { name };
  for (const k of ['title', 'email', 'phone'] as const) {
    const v = d[k].trim();
    if (v) out[k] = v;
  }
  return out;
}

export interface ProposalDraft {
  title: TextDraft;
  area: CaseArea | '';
  requests: string[];
  lead: OfficerDraft;
  counterpart: OfficerDraft;
  interval: number | null;
}

/**
 * The POST /cases body of the form. Missing members are left out so the server names them
 * (title, area, lead_officer); the interval is sent as typed so the server judges its range.
 */
export function proposalBody(d: ProposalDraft): CaseProposal {
  const body: Partial<CaseProposal> = {};
  const title = caseText(d.title);
  if (title) body.title = title;
  if (d.area) body.area = d.area;
  if (d.requests.length) body.requests = [...d.requests];
  const lead = officerOf(d.lead);
  if (lead) body.lead_officer = lead;
  const counterpart = officerOf(d.counterpart);
  if (counterpart) body.counterpart_lead_officer = counterpart;
  if (d.interval !== null && Number.isFinite(d.interval)) body.interval_days = d.interval;
  return body as CaseProposal;
}

/**
 * The proposal form's field a server error belongs to: "title.lang" → "title",
 * "requests[2]" → "requests", "lead_officer.name" → "lead_officer"; '' for the alert.
 */
export function proposalField(field: string): string {
  const top = field.split(/[[.]/)[0];
  return ['title', 'area', 'requests', 'lead_officer', 'counterpart_lead_officer', 'interval_days', 'party'].includes(top) ? top : '';
}

/** The status form's field a server error belongs to ("state.original" → "state"). */
export function statusField(field: string): string {
  const top = field.split(/[[.]/)[0];
  return ['phase', 'state', 'actions', 'next_steps', 'blockers'].includes(top) ? top : '';
}

/**
 * The "Outcome due" of a lead (GET /leads): when the receiver's outcome is due — the server's
 * `outcome_due`, from the receiver's published deadline policy, the time the sender's hotline
 * escalates — its clock at `nowMs`, and the policy's source for it; null without a due time
 * (a draft) or once the outcome is recorded.
 */
export function leadOutcomeDue(
  lead: { outcome_due?: string | null; outcome_due_source?: string | null },
  nowMs: number,
  recorded = false,
): { dueAt: string; seconds: number; overdue: boolean; source: string } | null {
  const due = parseTime(lead.outcome_due);
  if (recorded || !due) return null;
  const seconds = Math.floor((due.getTime() - nowMs) / 1000);
  return { dueAt: lead.outcome_due!, seconds, overdue: seconds < 0, source: lead.outcome_due_source ?? '' };
}
