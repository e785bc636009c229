// Hotline drills: the launcher's body and what the results table offers. A drill pages the
// on-call person of each chosen tier on both sides; whoever is paged acknowledges in time
// (pass) or not (fail).
import type { Drill, DrillInput, DrillResult } from '@/shared/api/types';
import { zonedWallTimeToUtc } from '@/shared/util/time';

export interface DrillForm {
  tiers: number[];
  ackWithinSeconds: number;
  /** Optional wall time in `zone`; empty starts the drill now. */
  scheduledFor: string;
  zone: string;
}

export function drillFormToInput(f: DrillForm): DrillInput {
  const input: DrillInput = {
    tiers: [...new Set(f.tiers)].sort((a, b) => a - b),
    ack_within_seconds: Math.trunc(Number(f.ackWithinSeconds)),
  };
  const at = f.scheduledFor.trim() ? zonedWallTimeToUtc(f.scheduledFor, f.zone) : '';
  if (at) input.scheduled_for = at;
  return input;
}

/** Results in table order: this party first, then by party code, then by tier. */
export function drillRows(d: Drill, myParty: string): DrillResult[] {
  return [...(d.results ?? [])].sort(
    (a, b) =>
      Number(b.party === myParty) - Number(a.party === myParty) || a.party.localeCompare(b.party) || a.tier - b.tier,
  );
}

/**
 * Whether a result row gets an Acknowledge button: the server lists its tier in
 * can_acknowledge, it is this party's page and it was not acknowledged yet.
 */
export function canAcknowledgeDrill(d: Pick<Drill, 'can_acknowledge'>, r: DrillResult, myParty: string): boolean {
  return r.party === myParty && !r.acknowledged_at && (d.can_acknowledge ?? []).includes(r.tier);
}

export type DrillResultType = 'success' | 'danger' | 'info';

export function drillResultType(result: string): DrillResultType {
  return result === 'pass' ? 'success' : result === 'fail' ? 'danger' : 'info';
}
