// The hotline log's form (one contact: who called whom, how, when, about what, and what was
// agreed) and the body of POST /hotline/contacts. Times are typed as wall times in one chosen
// zone and sent as RFC 3339 UTC.
import type { ActionItem, ContactChannel, HotlineContactInput } from '@/shared/api/types';
import { CONTACT_CHANNELS } from '@/shared/api/enums';
import { zonedWallTimeToUtc } from '@/shared/util/time';

export const CHANNELS = CONTACT_CHANNELS;

export interface ActionItemForm {
  text: string;
  owner: string;
  /** "YYYY-MM-DD" from a date input. */
  due: string;
}

export interface ContactForm {
  tier: number;
  callerParty: string;
  callerName: string;
  calleeParty: string;
  calleeName: string;
  channel: ContactChannel;
  /** The zone the three times are typed in. */
  zone: string;
  started: string;
  answered: string;
  ended: string;
  /** Request ids, separated by spaces, commas or lines. */
  requestIds: string;
  summary: string;
  actionItems: ActionItemForm[];
  escalationId: string;
  drill: boolean;
}

/** What an escalation card fills in when it opens the form. */
export interface ContactPrefill {
  tier?: number;
  escalationId?: string;
  requestIds?: string[];
  otherParty?: string;
  drill?: boolean;
}

export function emptyContactForm(myParty: string, otherParty: string, zone: string): ContactForm {
  return {
    tier: 1,
    callerParty: myParty,
    callerName: '',
    calleeParty: otherParty,
    calleeName: '',
    channel: 'phone',
    zone,
    started: '',
    answered: '',
    ended: '',
    requestIds: '',
    summary: '',
    actionItems: [],
    escalationId: '',
    drill: false,
  };
}

/** Ids from a free-text box: split on whitespace and commas, blanks and repeats dropped. */
export function splitIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

function utc(wall: string, zone: string): string {
  return wall.trim() ? zonedWallTimeToUtc(wall, zone) : '';
}

/** The POST body. Action items with no text are dropped; empty times stay empty. */
export function contactFormToInput(f: ContactForm): HotlineContactInput {
  const action_items: ActionItem[] = f.actionItems
    .filter((a) => a.text.trim())
    .map((a) => ({ text: a.text.trim(), owner: a.owner.trim(), due: a.due.trim() }));
  return {
    tier: f.tier,
    caller: { party: f.callerParty, name: f.callerName.trim() },
    callee: { party: f.calleeParty, name: f.calleeName.trim() },
    channel: f.channel,
    started_at: utc(f.started, f.zone),
    answered_at: utc(f.answered, f.zone),
    ended_at: utc(f.ended, f.zone),
    request_ids: splitIds(f.requestIds),
    summary: f.summary.trim(),
    action_items,
    escalation_id: f.escalationId.trim(),
    drill: f.drill,
  };
}

/**
 * Where a server field error of the contact form shows: the form's own names for the API's
 * paths ("caller.name" → "callerName", "action_items[1].due" stays as is); '' for the form.
 */
export function contactErrorKey(field: string): string {
  const map: Record<string, string> = {
    tier: 'tier',
    channel: 'channel',
    'caller.party': 'callerParty',
    'caller.name': 'callerName',
    caller: 'callerName',
    'callee.party': 'calleeParty',
    'callee.name': 'calleeName',
    callee: 'calleeName',
    started_at: 'started',
    answered_at: 'answered',
    ended_at: 'ended',
    request_ids: 'requestIds',
    summary: 'summary',
    escalation_id: 'escalationId',
    drill: 'drill',
  };
  if (map[field]) return map[field];
  if (field.startsWith('request_ids[')) return 'requestIds';
  const m = /^action_items\[(\d+)\](?:\.(text|owner|due))?/.exec(field);
  if (m) return `action_items[${m[1]}].${m[2] ?? 'text'}`;
  return '';
}
