// The incoming-emergency banner (docs/HOTLINE.md, "Paging on arrival"): every signed-in
// officer sees the emergencies addressed to this party that nobody has acknowledged yet, on
// every page, until the request is acknowledged — its signed acknowledge event, which also
// stops its acknowledgement clock. The server decides what counts (its policy's on_arrival
// rules); the console polls and offers the acknowledgement to those who may give it.
import type { Identifier, IncomingEmergency, OralRequestInput, Priority, Request, RequestType } from '@/shared/api/types';
import { zonedWallTimeToUtc } from '@/shared/util/time';

/** How often the banner asks the node (an emergency shows within this, or on navigation). */
export const EMERGENCY_POLL_MS = 5_000;

/** Roles that may acknowledge a request (the server enforces its own rule). */
export const ACK_ROLES: readonly string[] = ['administrator', 'liaison_officer', 'supervisor', 'principal'];

export function canAcknowledgeEmergency(role: string | undefined): boolean {
  return !!role && ACK_ROLES.includes(role);
}

/** Oldest first: the one that has waited longest leads. */
export function sortEmergencies(items: readonly IncomingEmergency[]): IncomingEmergency[] {
  return [...items].sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.id.localeCompare(b.id));
}

/** The written confirmation a telephoned request is owed: shown on both sides. */
export type WrittenState = 'none' | 'due' | 'overdue' | 'confirmed';

export function writtenState(r: Pick<Request, 'oral' | 'written_confirmed_at' | 'deadlines'>): WrittenState {
  if (!r.oral) return 'none';
  if (r.written_confirmed_at) return 'confirmed';
  const clock = r.deadlines?.clocks.find((c) => c.clock === 'written_confirmation');
  return clock?.state === 'overdue' ? 'overdue' : 'due';
}

/** The form the officer fills in while (or right after) taking the call. */
export interface OralForm {
  callerParty: string;
  callerName: string;
  callerOrganisation: string;
  callerPhone: string;
  /** Wall time in `zone`; empty = now. */
  calledAt: string;
  zone: string;
  summary: string;
  type: RequestType;
  priority: Priority;
  title: string;
  lang: string;
  identifiers: { kind: Identifier['kind']; value: string }[];
}

export function oralFormToInput(f: OralForm): OralRequestInput {
  const caller: OralRequestInput['caller'] = { party: f.callerParty, name: f.callerName.trim() };
  if (f.callerOrganisation.trim()) caller.organisation = f.callerOrganisation.trim();
  if (f.callerPhone.trim()) caller.phone = f.callerPhone.trim();
  const input: OralRequestInput = {
    caller,
    summary: f.summary.trim(),
    request: {
      type: f.type,
      priority: f.priority,
      title: { original: f.title.trim(), lang: f.lang },
      identifiers: f.identifiers
        .filter((i) => i.value.trim())
        .map((i) => ({ kind: i.kind, value: i.value.trim() })),
    },
  };
  const at = f.calledAt.trim() ? zonedWallTimeToUtc(f.calledAt, f.zone) : '';
  if (at) input.called_at = at;
  return input;
}
