// "On call now": the answer of GET /hotline/oncall as one row per party and tier, every tier
// present even when nobody is on call for it (that gap is what the page must show).
import type { OnCall, OnCallEntry } from '@/shared/api/types';
import { TIERS } from './escalation';
import { browserTimeZone } from '@/shared/util/time';

export interface OnCallRow {
  party: string;
  timezone: string;
  tier: number;
  oncall: OnCallEntry[];
}

export function oncallRows(o: OnCall | null | undefined, myParty = ''): OnCallRow[] {
  if (!o) return [];
  const parties = [...(o.parties ?? [])].sort(
    (a, b) => Number(b.party === myParty) - Number(a.party === myParty) || a.party.localeCompare(b.party),
  );
  const rows: OnCallRow[] = [];
  for (const p of parties) {
    const tiers = new Set<number>([...TIERS, ...(p.tiers ?? []).map((t) => t.tier)]);
    for (const tier of [...tiers].sort((a, b) => a - b)) {
      const oncall = (p.tiers ?? []).filter((t) => t.tier === tier).flatMap((t) => t.oncall ?? []);
      rows.push({ party: p.party, timezone: p.timezone, tier, oncall });
    }
  }
  return rows;
}

/** The browser's own zone (the viewer's), or UTC when it cannot tell. */
export function viewerZone(): string {
  return browserTimeZone();
}

/** One table line: an on-call person (or nobody) with the row spans of its party and tier cells. */
export interface OnCallLine {
  party: string;
  timezone: string;
  tier: number;
  entry: OnCallEntry | null;
  /** Rows the party cell spans on its first line; 0 on the others. */
  partySpan: number;
  /** Rows the tier cell spans on its first line; 0 on the others. */
  tierSpan: number;
}

export function oncallLines(rows: OnCallRow[]): OnCallLine[] {
  const lines: OnCallLine[] = [];
  const partyStart = new Map<string, number>();
  for (const r of rows) {
    if (!partyStart.has(r.party)) partyStart.set(r.party, lines.length);
    const entries = r.oncall.length ? r.oncall : [null];
    entries.forEach((entry, j) => {
      lines.push({ party: r.party, timezone: r.timezone, tier: r.tier, entry, partySpan: 0, tierSpan: j === 0 ? entries.length : 0 });
    });
  }
  for (const [party, start] of partyStart) lines[start].partySpan = lines.filter((l) => l.party === party).length;
  return lines;
}

/** A directory entry of another party at one tier, as "On call now" lists it. */
export interface PartyContact {
  id: string;
  tier: number;
  name: string;
  organisation: string;
  reach: { kind: string; value: string }[];
}

/**
 * The other parties' directory entries per tier (GET /hotline/oncall's `contacts`), one group
 * per party other than this node's, tier by tier; an empty list says none has arrived here.
 */
export function otherPartyContacts(o: OnCall | null | undefined): { party: string; contacts: PartyContact[] }[] {
  if (!o) return [];
  return (o.parties ?? [])
    .filter((p) => !p.local)
    .map((p) => ({
      party: p.party,
      contacts: (p.tiers ?? []).flatMap((t) =>
        (t.contacts ?? []).map((c) => ({ id: c.id, tier: t.tier, name: c.name, organisation: c.organisation, reach: c.reach })),
      ),
    }));
}
