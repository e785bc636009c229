// A request's timeline, built from its ledger records (GET /requests/{id}/records, oldest
// first): one step per record — created, edited, submitted, acknowledged, info requested,
// preserved, fulfilled, refused, closed, messages, attachments, ... — plus a "received" step
// for the requested party's signed receipt of the submission. Each step says which party did
// it, when, whose signature covers it and whether it verified, the receipt of that record by
// the other party (if any) and the record's flag (a timestamp that looked wrong on arrival).
// Pure: tests/unit/timeline.test.ts runs it on fixtures shaped like the server's answers.
import type { BilingualText, LedgerRecord, Receipt, RequestEvent } from '@/shared/api/types';
import { parseTime } from '@/shared/util/time';

export type StepKind =
  | 'created'
  | 'edited'
  | 'submitted'
  | 'received'
  | 'acknowledged'
  | 'started'
  | 'info_requested'
  | 'info_provided'
  | 'preserved'
  | 'postponed'
  | 'resumed'
  | 'partially_fulfilled'
  | 'fulfilled'
  | 'refused'
  | 'withdrawn'
  | 'closed'
  | 'message'
  | 'attachment'
  | 'other';

/** The step each state-machine event (payload.event of a "request.event" record) is: every
 * event of the API, checked by the compiler. */
export const EVENT_STEPS: Record<string, StepKind> = {
  submit: 'submitted',
  acknowledge: 'acknowledged',
  start: 'started',
  request_info: 'info_requested',
  provide_info: 'info_provided',
  confirm_preserved: 'preserved',
  postpone: 'postponed',
  resume: 'resumed',
  fulfil_partially: 'partially_fulfilled',
  fulfil: 'fulfilled',
  refuse: 'refused',
  withdraw: 'withdrawn',
  close: 'closed',
} satisfies Record<RequestEvent, StepKind>;

/** What a step carries besides who and when; only the keys that apply are set. */
export interface StepDetail {
  reason?: string;
  ground?: string;
  requested_ref?: string;
  preserved_until?: string;
  until?: string;
  rating?: number;
  body?: BilingualText;
  filename?: string;
  size?: number;
  sha256?: string;
  content_type?: string;
}

export interface TimelineStep {
  /** Unique within the timeline: the record ("CN:2"), or "CN:2/received" for a receipt step. */
  id: string;
  kind: StepKind;
  /** The record kind ("request.event") or, for 'other', whatever the server sent. */
  recordKind: string;
  /** The event name for request.event records ("acknowledge"). */
  event: string;
  /** The party that did it: the record's origin, or the receiving party for 'received'. */
  party: string;
  /** The user, when the record names one (a message's author, an attachment's added_by). */
  actor: string;
  /** When (RFC 3339 UTC): the record's created_at, or the receipt's time for 'received'. */
  at: string;
  /** The record this step is: "CN:2"; for 'received' the receipt record "US:2". */
  record: string;
  /** The party whose key signed the step's record. */
  signedBy: string;
  /** Whether the record's signature verified; null when the API does not say (receipts). */
  signatureValid: boolean | null;
  /** The other party's signed receipt for this record; null when none (yet). */
  receipt: Receipt | null;
  /**
   * True when the receipt's party was not among the record's recipients: it received and
   * signed for the record's header (hash chain), not its content (e.g. a draft never shared).
   */
  headerOnly: boolean;
  /** For a 'received' step: the record it acknowledges receiving ("CN:2"). */
  covers: string;
  /** The record's flag; non-empty text is shown as a warning. */
  flag: string;
  detail: StepDetail;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}

function isReceipt(v: unknown): v is Receipt {
  return isObject(v) && typeof v.by === 'string' && v.by !== '' && typeof v.record === 'string';
}

function eventDetail(args: Record<string, unknown>): StepDetail {
  const d: StepDetail = {};
  for (const k of ['reason', 'ground', 'requested_ref', 'preserved_until', 'until'] as const) {
    const v = str(args, k);
    if (v) d[k] = v;
  }
  if (typeof args.rating === 'number') d.rating = args.rating;
  return d;
}

function recordId(r: Pick<LedgerRecord, 'origin' | 'seq'>): string {
  return `${r.origin}:${r.seq}`;
}

function stepOf(r: LedgerRecord, draftsSeen: number): TimelineStep {
  const payload = isObject(r.payload) ? r.payload : {};
  const receipt = isReceipt(r.receipt) ? r.receipt : null;
  const recipients = Array.isArray(r.recipients) ? r.recipients : [];
  const step: TimelineStep = {
    id: recordId(r),
    kind: 'other',
    recordKind: r.kind,
    event: '',
    party: r.origin,
    actor: '',
    at: r.created_at,
    record: recordId(r),
    signedBy: r.origin,
    signatureValid: typeof r.signature_valid === 'boolean' ? r.signature_valid : null,
    receipt,
    headerOnly: receipt !== null && !recipients.includes(receipt.by),
    covers: '',
    flag: typeof r.flag === 'string' ? r.flag.trim() : '',
    detail: {},
  };
  switch (r.kind) {
    case 'request.draft':
      step.kind = draftsSeen === 0 ? 'created' : 'edited';
      break;
    case 'request.event': {
      step.event = str(payload, 'event');
      step.kind = EVENT_STEPS[step.event] ?? 'other';
      step.detail = eventDetail(isObject(payload.args) ? payload.args : {});
      break;
    }
    case 'message.post':
      step.kind = 'message';
      step.actor = str(payload, 'author');
      if (isObject(payload.body) && typeof payload.body.original === 'string') {
        step.detail.body = payload.body as unknown as BilingualText;
      }
      break;
    case 'attachment.add':
      step.kind = 'attachment';
      step.actor = str(payload, 'added_by');
      step.detail = {
        filename: str(payload, 'filename'),
        sha256: str(payload, 'sha256'),
        content_type: str(payload, 'content_type'),
        ...(typeof payload.size === 'number' ? { size: payload.size } : {}),
      };
      break;
  }
  return step;
}

function ms(iso: string): number {
  return parseTime(iso)?.getTime() ?? Number.NaN;
}

/**
 * The timeline of a request from its records (oldest first, as the API lists them). The
 * records' order is kept — it is the order this node applied them in — and the "received"
 * step goes right after the submission, past any later step that happened before the receipt.
 */
export function buildTimeline(records: readonly LedgerRecord[]): TimelineStep[] {
  const steps: TimelineStep[] = [];
  let drafts = 0;
  for (const r of records) {
    if (r.kind === 'receipt') continue; // receipts show on the record they cover
    const step = stepOf(r, drafts);
    if (r.kind === 'request.draft') drafts++;
    steps.push(step);
  }
  // The submission's receipt from the party it went to is the "received" step.
  const submitAt = steps.findIndex((s) => s.kind === 'submitted');
  const submit = submitAt >= 0 ? steps[submitAt] : undefined;
  if (submit?.receipt && !submit.headerOnly) {
    const rc = submit.receipt;
    const received: TimelineStep = {
      id: `${submit.id}/received`,
      kind: 'received',
      recordKind: 'receipt',
      event: '',
      party: rc.by,
      actor: '',
      at: rc.at,
      record: rc.record,
      signedBy: rc.by,
      signatureValid: null,
      receipt: null,
      headerOnly: false,
      covers: submit.record,
      flag: '',
      detail: {},
    };
    let at = submitAt + 1;
    const t = ms(rc.at);
    while (at < steps.length && !Number.isNaN(t) && ms(steps[at].at) < t && steps[at].party !== rc.by) at++;
    steps.splice(at, 0, received);
  }
  return steps;
}

