// What the Hotline page shows of an escalation and which actions it offers. The server decides
// who may acknowledge or resolve (can_acknowledge / can_resolve); the console only hides the
// buttons that would be refused, and never offers an action the state already excludes.
import type { Escalation } from '@/shared/api/types';
import { ESCALATION_STATES } from '@/shared/api/enums';
import { parseTime } from '@/shared/util/time';

export const TIERS = [1, 2, 3] as const;

/** Roles that may open escalations and log hotline contacts (the server enforces its own rule). */
export const ESCALATE_ROLES: readonly string[] = ['administrator', 'liaison_officer', 'supervisor', 'principal'];
export const CONTACT_ROLES: readonly string[] = ESCALATE_ROLES;
/** Roles that may edit their party's rosters and start drills (docs/HOTLINE.md). */
export const ADMIN_ROLES: readonly string[] = ['administrator'];

export type TierTagType = 'primary' | 'warning' | 'danger';

/** Tier 1 (working level) blue, 2 (department heads) amber, 3 (ministerial) red: as in the charts. */
export function tierTagType(tier: number): TierTagType {
  return tier >= 3 ? 'danger' : tier === 2 ? 'warning' : 'primary';
}

export interface EscalationActions {
  acknowledge: boolean;
  resolve: boolean;
}

/** The buttons an escalation card shows for the current user. */
export function escalationActions(e: Pick<Escalation, 'state' | 'can_acknowledge' | 'can_resolve'>): EscalationActions {
  return {
    acknowledge: e.can_acknowledge === true && e.state === 'open',
    resolve: e.can_resolve === true && e.state !== 'resolved',
  };
}

/**
 * Merges the answers of several list calls (open + acknowledged make the "active" view) into
 * one list without duplicates, most recently opened first.
 */
export function mergeEscalations(...lists: Escalation[][]): Escalation[] {
  const byId = new Map<string, Escalation>();
  for (const list of lists) for (const e of list) byId.set(e.id, e);
  const opened = (e: Escalation) => parseTime(e.opened_at)?.getTime() ?? 0;
  return [...byId.values()].sort((a, b) => opened(b) - opened(a) || a.id.localeCompare(b.id));
}

/** The list filter of the escalations tab: "active" is open + acknowledged. */
export const ESCALATION_FILTERS = ['active', ...ESCALATION_STATES, 'all'] as const;
export type EscalationFilter = (typeof ESCALATION_FILTERS)[number];

/** The `state` values to ask GET /hotline/escalations for, for one filter. */
export function statesFor(filter: EscalationFilter): string[] {
  return filter === 'active' ? ['open', 'acknowledged'] : [filter];
}

/** data-testid-friendly form of an id (":" and "/" are awkward in CSS selectors). */
export function testIdOf(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * An escalation's reason in the console's language. The node writes the reason of an
 * escalation it opened itself in English ("not acknowledged by 2026-11-05T06:00:00Z",
 * "deadline 'fulfil' missed at …"); those two are said again through `say` (the keys
 * escalationReason.ackMissed / deadlineMissed with the clock and due time); a reason a
 * person typed is theirs and shown as written.
 */
export function escalationReasonText(
  reason: string,
  say: (key: 'ackMissed' | 'deadlineMissed', named: { clock: string; due: string }) => string,
): string {
  let m = /^not acknowledged by (\S*)$/.exec(reason);
  if (m) return say('ackMissed', { clock: '', due: m[1] });
  m = /^deadline '([a-z_]+)' missed at (\S+)$/.exec(reason);
  if (m) return say('deadlineMissed', { clock: m[1], due: m[2] });
  return reason;
}
