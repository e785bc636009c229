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
  action: string;
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
