// Wire types of the REST API (docs/API.md). Kept as plain interfaces: the server is the
// authority on values, the console only displays and edits them.

export interface BilingualText {
  original: string;
  lang?: string;
  translation?: string;
  translation_lang?: string;
}

export interface Identifier {
  kind: string;
  value: string;
  port?: number;
  observed_at?: string;
  note?: string;
}

export interface ChecklistItem {
  item: string;
  satisfied: boolean;
}

export interface Completeness {
  score: number;
  missing: string[];
  items: ChecklistItem[];
}

/** Fields of a request that its requester writes (POST / PATCH / validate bodies). */
export interface RequestContent {
  type: string;
  priority?: string;
  priority_area?: string;
  requested_party: string;
  title?: BilingualText;
  requesting_authority?: BilingualText;
  legal_basis?: BilingualText;
  offence?: BilingualText;
  data_sought?: BilingualText;
  data_link?: BilingualText;
  custodian?: BilingualText;
  necessity?: BilingualText;
  mla_to_follow?: boolean | null;
  data_categories?: string[];
  identifiers?: Identifier[];
  confidentiality?: string;
  respond_by?: string;
  requester_ref?: string;
}

export interface Refusal {
  ground: string;
  reason: string;
}

export interface Request {
  id: string;
  state: string;
  resume_state?: string;
  type: string;
  priority: string;
  priority_area: string;
  requesting_party: string;
  requested_party: string;
  direction: 'outgoing' | 'incoming';
  title: BilingualText;
  requesting_authority: BilingualText;
  legal_basis: BilingualText;
  offence: BilingualText;
  data_sought: BilingualText;
  data_link: BilingualText;
  custodian: BilingualText;
  necessity: BilingualText;
  mla_to_follow: boolean | null;
  data_categories: string[];
  identifiers: Identifier[];
  confidentiality: string;
  respond_by: string;
  requester_ref: string;
  requested_ref: string;
  completeness: Completeness;
  created_at: string;
  updated_at: string;
  submitted_at?: string;
  acknowledged_at?: string;
  closed_at?: string;
  preserved_until?: string;
  postponed_until?: string;
  paused_seconds?: number;
  paused_since?: string;
  refusal: Refusal | null;
  withdrawal_reason?: string;
  rating: number | null;
  allowed_events?: string[];
  /** How far the submission got to the requested party (absent from older servers). */
  delivery?: Delivery;
  /** Deadline clocks (GET /requests/{id} only; docs/HOTLINE.md). */
  deadlines?: Deadlines;
  /** Made by telephone and logged by the requested party (oral first, written later). */
  oral?: OralCall;
  /** When the requester confirmed a telephoned request in writing; "" until then. */
  written_confirmed_at?: string;
  written_confirmation_note?: string;
  /** The most urgent running clock (register items only). */
  deadline?: RegisterDeadline | null;
}

/** The telephone call a request was made in (docs/HOTLINE.md, "Oral first"). */
export interface OralCall {
  caller: { party: string; name: string; organisation?: string; phone?: string };
  taken_by: string;
  called_at: string;
  recorded_at: string;
  summary: string;
  contact_id?: string;
}

/** POST /hotline/oral-requests. */
export interface OralRequestInput {
  caller: { party: string; name: string; organisation?: string; phone?: string };
  called_at?: string;
  tier?: number;
  summary: string;
  request: Partial<RequestContent>;
}

/** An incoming emergency nobody has acknowledged yet (GET /hotline/emergencies). */
export interface IncomingEmergency {
  id: string;
  type: string;
  priority: string;
  title: BilingualText;
  requesting_party: string;
  submitted_at: string;
  /** When this node paged its on-call people for it; "" before. */
  paged_at: string;
  /** Whom it paged; empty with paged_at set: nobody was on call. */
  paged_users: string[];
  deadline: RegisterDeadline | null;
}

/** One of this party's telephoned requests still owed its written confirmation. */
export interface OwedConfirmation {
  id: string;
  type: string;
  priority: string;
  title: BilingualText;
  requested_party: string;
  called_at: string;
  due_at: string;
  /** The written_confirmation clock: running or overdue. */
  state: string;
}

export interface EmergenciesResponse {
  items: IncomingEmergency[];
  total: number;
  written_confirmations: OwedConfirmation[];
}

/** A signed receipt: party `by` says it received a record at `at`, in its record `record` ("US:2"). */
export interface Receipt {
  by: string;
  at: string;
  record: string;
}

export type DeliveryState = 'local' | 'queued' | 'delivered' | 'acknowledged';

export interface Delivery {
  state: DeliveryState;
  /** The submit event's record, "CN:2" (absent while local). */
  submit_record?: string;
  submitted_at?: string;
  /** The requested party's receipt for the submission, once it arrived. */
  receipt?: Receipt;
}

export interface ListResponse<T> {
  items: T[];
  total: number;
  /** The register with a text search: false when the search stopped at its limits and
   * `total` counts only the newest matches (shown as "500+"). */
  total_exact?: boolean;
  page: number;
  per_page: number;
}

export interface RequestTypeInfo {
  type: string;
  required: string[];
}

export interface RequestTypes {
  items: RequestTypeInfo[];
  priorities: string[];
  priority_areas: string[];
  data_categories: string[];
  identifier_kinds: string[];
  refusal_grounds: string[];
  states: string[];
  confidentiality: string[];
}

export interface FieldError {
  code: string;
  message: string;
  field: string;
}

export interface ValidateResponse {
  completeness: Completeness;
  errors: FieldError[];
}

export interface EventArgs {
  event: string;
  reason?: string;
  ground?: string;
  until?: string;
  preserved_until?: string;
  rating?: number;
  requested_ref?: string;
}

export interface Party {
  code: string;
  name: string;
  timezone: string;
}

export interface NodeInfo {
  party: string;
  name: string;
  timezone: string;
  public_key: string;
  version: string;
  parties: Party[];
}

export interface User {
  username: string;
  display_name: string;
  role: string;
  disabled: boolean;
  totp_enabled: boolean;
  created_at: string;
}

export interface Session {
  user: User;
  csrf_token: string;
}

export interface Message {
  id: string;
  author: string;
  party: string;
  body: BilingualText;
  created_at: string;
}

export interface CustodyEntry {
  at: string;
  by: string;
  /** The party whose signed record this step is. */
  party?: string;
  /** attached | sent | received | downloaded | exported | refused */
  action: string;
  /** origin:seq of the record. */
  record?: string;
  reason?: string;
  /** Why a file was refused: too_large | quota_exceeded | hash_mismatch */
  code?: string;
}

/**
 * Where an attachment's bytes stand on this node. Another party's file: arriving (with
 * progress), received, quarantined or refused. Our own: local (a draft's), sending,
 * delivered (the receiver's signed receipt) or refused (with the receiver's reason).
 */
export interface AttachmentTransfer {
  state: 'arriving' | 'received' | 'quarantined' | 'refused' | 'local' | 'sending' | 'delivered';
  size: number;
  received_bytes: number;
  code?: string;
  http_status?: number;
  reason?: string;
  last_error?: string;
  completed_at?: string;
}

export interface Attachment {
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
  party: string;
  added_by: string;
  created_at: string;
  custody: CustodyEntry[];
  transfer?: AttachmentTransfer;
}

export interface LedgerRecord {
  origin: string;
  seq: number;
  kind: string;
  object_id: string;
  created_at: string;
  hash: string;
  prev_hash: string;
  signature?: string;
  signer_key: string;
  signature_valid: boolean;
  /** Parties the record's content was sent to (empty: kept local, only its header travels). */
  recipients?: string[];
  /** The signed receipt covering this record, from the party that received it. */
  receipt?: Receipt | null;
  /** Non-empty when the record looked wrong on arrival (e.g. a timestamp ahead of our clock). */
  flag?: string;
  payload: unknown;
}

/** A peer node (GET /peers): sync state and health. */
export interface Peer {
  party: string;
  url: string;
  tls_fingerprint: string;
  added_at: string;
  last_contact: string;
  last_error: string;
  skew_ms: number;
  rtt_ms: number;
  pushed_seq: number;
  local_head: number;
  held_seq: number;
  remote_head: number;
  backlog_out: number;
  backlog_in: number;
  /** A record of ours the peer refused: replication to it is held there until it takes it. */
  refused?: { seq: number; reason: string; since: string } | null;
}

/** A record refused from a peer (GET /quarantine). */
export interface QuarantineItem {
  id: number;
  origin: string;
  seq: number;
  reason: string;
  record: unknown;
  received_at: string;
}

export interface ItemsResponse<T> {
  items: T[];
  total: number;
}

// ---- indicator sharing ----

export interface IndicatorSet {
  id: string;
  publisher: string;
  name: string;
  description: string;
  tlp: string;
  recipients: string[];
  indicator_count: number;
  version: number;
  created_at: string;
  updated_at: string;
  effectiveness?: Effectiveness;
}

export interface PartyEffectiveness {
  party: string;
  indicators_sighted: number;
  hits: number;
  false_positives: number;
  mean_latency_seconds: number | null;
}

export interface Effectiveness {
  indicators: number;
  sightings: number;
  hits: number;
  share_sighted: number;
  false_positives: number;
  false_positive_rate: number;
  mean_feedback_latency_seconds: number | null;
  by_party: PartyEffectiveness[];
}

export type IndicatorInput = string | { value: string; confidence?: number; tags?: string[] };

export interface IndicatorSetInput {
  name: string;
  description?: string;
  tlp: string;
  recipients: string[];
  indicators: IndicatorInput[];
}

export interface Indicator {
  id: string;
  set_id: string;
  value: string;
  type: string;
  confidence: number;
  first_seen: string;
  last_seen: string;
  valid_until: string;
  tags: string[];
  added_at: string;
  removed: boolean;
  removed_at: string;
}

export interface ImportResult {
  added: number;
  invalid: number;
  errors: { line: number; message: string }[];
}

export interface SightingFeedback {
  false_positive: boolean;
  action: string;
  note?: string;
  at?: string;
}

export interface Sighting {
  id: string;
  set_id: string;
  indicator: string;
  reporter: string;
  count: number;
  first_seen: string;
  last_seen: string;
  where: string;
  reported_at: string;
  feedback: SightingFeedback | null;
}

// ---- deadlines (docs/HOTLINE.md): computed by the server when a request is read ----

export type DeadlineClockName =
  | 'acknowledge'
  | 'preserve'
  | 'first_reply'
  | 'fulfil'
  | 'preservation_expiry'
  | 'written_confirmation';
export type DeadlineClockState = 'not_started' | 'running' | 'paused' | 'met' | 'met_late' | 'overdue';

export interface DeadlineClock {
  clock: DeadlineClockName | string;
  amount: number;
  unit: 'hours' | 'days' | 'business_days' | string;
  /** Where the deadline comes from (a treaty article, the party's policy). */
  source: string;
  /** "" while unknown (the clock has not started). */
  due_at: string;
  met_at: string;
  state: DeadlineClockState | string;
  remaining_seconds: number | null;
  warn: boolean;
}

export interface Deadlines {
  /** The requested party's receipt of the submission; "" before it. */
  started_at: string;
  /** True while the request waits for information from the requester (needs_info). */
  paused: boolean;
  calendar: { party: string; timezone: string };
  clocks: DeadlineClock[];
}

/** The register's summary: the most urgent running clock of a request. */
export interface RegisterDeadline {
  clock: string;
  due_at: string;
  remaining_seconds: number | null;
  state: 'ok' | 'soon' | 'overdue' | string;
}

// ---- the three-tier hotline (docs/HOTLINE.md) ----

export type Tier = 1 | 2 | 3;
export type EscalationTrigger = 'manual' | 'ack_missed' | 'deadline_breached';
export type EscalationState = 'open' | 'acknowledged' | 'resolved';

export interface PartyUser {
  party: string;
  user: string;
}

export interface EscalationStep {
  rule: number;
  round: number;
  tier: number;
  due_at: string;
  fired_at: string;
}

export interface LadderTarget {
  side?: 'both' | 'owner' | 'counterpart' | string;
  tier?: number;
  party?: string;
  schedule?: string;
  user?: string;
}

export interface LadderRule {
  delay_seconds: number;
  condition: string;
  tier: number;
  targets: LadderTarget[];
}

export interface Ladder {
  name: string;
  repeat: number;
  rules: LadderRule[];
}

export interface Escalation {
  id: string;
  owner: string;
  counterpart: string;
  request_id: string;
  trigger: EscalationTrigger | string;
  clock: string;
  reason: string;
  tier: number;
  start_tier: number;
  state: EscalationState | string;
  opened_at: string;
  opened_by: string;
  acknowledged_at: string;
  acknowledged_by: PartyUser | null;
  resolved_at: string;
  resolved_by: PartyUser | null;
  resolution: string;
  steps: EscalationStep[];
  next_step: { rule: number; round: number; tier: number; due_at: string } | null;
  ladder: Ladder;
  drill: boolean;
  can_acknowledge: boolean;
  can_resolve: boolean;
}

export interface EscalationInput {
  request_id?: string;
  counterpart: string;
  tier: number;
  reason: string;
}

export interface OnCallEntry {
  schedule_id: string;
  schedule_name: string;
  user: string;
  since: string;
  until: string;
}

export interface OnCall {
  at: string;
  parties: { party: string; timezone: string; tiers: { tier: number; oncall: OnCallEntry[] }[] }[];
}

export type RotationUnit = 'hours' | 'days' | 'weeks';

export interface RosterLayer {
  name: string;
  /** Wall time in the schedule's zone, no offset: "2026-11-02T09:00". */
  start: string;
  rotation_length: number;
  rotation_unit: RotationUnit | string;
  users: string[];
}

export interface RosterOverride {
  user: string;
  /** RFC 3339 UTC. */
  start: string;
  end: string;
}

export interface Schedule {
  /** "PARTY:name". */
  id: string;
  party: string;
  name: string;
  tier: number;
  timezone: string;
  layers: RosterLayer[];
  overrides: RosterOverride[];
  updated_at?: string;
}

export type ContactChannel = 'phone' | 'video' | 'email' | 'secure_chat' | 'in_person';

export interface ActionItem {
  text: string;
  owner: string;
  /** A date "YYYY-MM-DD". */
  due: string;
}

export interface HotlineContact {
  id: string;
  party: string;
  tier: number;
  caller: { party: string; name: string };
  callee: { party: string; name: string };
  channel: ContactChannel | string;
  started_at: string;
  answered_at: string;
  ended_at: string;
  request_ids: string[];
  summary: string;
  action_items: ActionItem[];
  escalation_id: string;
  drill: boolean;
  created_at: string;
}

export type HotlineContactInput = Omit<HotlineContact, 'id' | 'party' | 'created_at'>;

export interface DrillResult {
  party: string;
  tier: number;
  paged_user: string;
  paged_at: string;
  acknowledged_at: string;
  acknowledged_by: string;
  seconds_to_ack: number | null;
  result: 'pending' | 'pass' | 'fail' | string;
}

export interface Drill {
  id: string;
  owner: string;
  created_at: string;
  scheduled_for: string;
  ack_within_seconds: number;
  tiers: number[];
  results: DrillResult[];
  /** Tiers the current user may acknowledge (for their own party). */
  can_acknowledge: number[];
}

export interface DrillInput {
  tiers: number[];
  ack_within_seconds: number;
  scheduled_for?: string;
}

export interface AckStats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export interface HotlineReview {
  from: string;
  to: string;
  total: number;
  by_tier: Record<string, number>;
  by_party: Record<string, number>;
  by_trigger: Record<string, number>;
  by_outcome: Record<string, number>;
  ack_seconds_by_tier: Record<string, AckStats>;
  resolved_at_tier1_share: number | null;
  contacts_by_tier: Record<string, number>;
  drills: { total: number; pass: number; fail: number };
}

// ---- the 24/7 point-of-contact directory (GET /contacts) ----
export type DirectoryChannelKind = 'email' | 'phone' | 'webhook' | 'signal' | 'other';

export interface DirectoryChannel {
  kind: DirectoryChannelKind | string;
  value: string;
}

export interface DirectoryContact {
  id: string;
  party: string;
  name: string;
  organisation: string;
  tier: number;
  timezone: string;
  /** BCP 47 tags: "zh-CN", "en". */
  languages: string[];
  channels: DirectoryChannel[];
  /** RFC 3339, or '' when never verified. */
  last_verified: string;
  /** Computed by the server from [directory] verify_days: never verified, or too long ago. */
  stale: boolean;
  /** When the entry turns (or turned) stale; '' when never verified. */
  verify_by: string;
  /** This party's own live entry: only its owner party changes it (computed by the server). */
  editable?: boolean;
  /** Retired by its owner: listed only with include_retired=true. */
  retired?: boolean;
  retired_at?: string;
  retire_reason?: string;
  /** Who recorded the last check (a user of the owner party). */
  verified_by?: string;
  version?: number;
  updated_at?: string;
}

/** POST /contacts and PATCH /contacts/{id}: the person's fields (party: always this node's). */
export interface DirectoryContactInput {
  name: string;
  organisation: string;
  tier: number;
  timezone: string;
  languages: string[];
  channels: DirectoryChannel[];
}
