// The console's only door to the node: a thin fetch wrapper that sends the session cookie
// (same origin), adds X-CSRF-Token to every non-GET request and turns every error answer into
// an ApiError carrying the contract's {code, message, field, missing, reason, params}.
import type {
  Attachment,
  DirectoryContact,
  DirectoryPage,
  DirectoryContactInput,
  Drill,
  DrillInput,
  Escalation,
  EscalationInput,
  HotlineContact,
  HotlineContactInput,
  HotlineReview,
  EmergenciesResponse,
  OralRequestInput,
  OnCall,
  Schedule,
  EventArgs,
  ImportResult,
  IndicatorPage,
  IndicatorInput,
  IndicatorSet,
  IndicatorSetInput,
  Sighting,
  SightingFeedback,
  LedgerRecord,
  Message,
  NodeInfo,
  Peer,
  PeerList,
  QuarantineList,
  Request,
  RequestPage,
  RequestContent,
  RequestTypes,
  Session,
  BilingualText,
  ValidateResponse,
  AuditPage,
  ApiTokenList,
  CreatedApiToken,
  NewUser,
  MyChannels,
  NotificationDeliveryList,
  TotpSetup,
  User,
  UserList,
} from './types';

/** Default code for a status when the body does not carry one (docs/API.md, Conventions). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'failed_precondition',
  413: 'too_large',
  422: 'incomplete',
  429: 'resource_exhausted',
  500: 'internal',
};

/** A refusal reason's parameters (docs/API.md, Errors): numbers, texts or lists of texts. */
export type ErrorParams = Record<string, number | string | string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string;
  readonly missing: string[];
  /** Why, for the console to say in its language ('' when the message is all there is). */
  readonly reason: string;
  readonly params: ErrorParams;

  constructor(
    status: number,
    code: string,
    message: string,
    field = '',
    missing: string[] = [],
    reason = '',
    params: ErrorParams = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.missing = missing;
    this.reason = reason;
    this.params = params;
  }
}

/** The params of an error body, keeping only the shapes the contract allows. */
export function parseErrorParams(v: unknown): ErrorParams {
  const out: ErrorParams = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number' || typeof x === 'string') out[k] = x;
    else if (Array.isArray(x)) out[k] = x.filter((i): i is string => typeof i === 'string');
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Builds the ApiError for an error answer. Tolerates bodies that are not the contract's shape
 * (a proxy's HTML page, an empty body): the status then decides the code.
 */
export function parseApiError(status: number, statusText: string, body: string): ApiError {
  const fallbackCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'unknown');
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const err = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  if (!err) {
    const text = body && body.length <= 200 && !body.trimStart().startsWith('<') ? body.trim() : '';
    return new ApiError(status, fallbackCode, text || statusText || `HTTP ${status}`);
  }
  const code = typeof err.code === 'string' && err.code ? err.code : fallbackCode;
  const message =
    typeof err.message === 'string' && err.message ? err.message : statusText || `HTTP ${status}`;
  const field = typeof err.field === 'string' ? err.field : '';
  const missing = Array.isArray(err.missing)
    ? err.missing.filter((m): m is string => typeof m === 'string')
    : [];
  const reason = typeof err.reason === 'string' ? err.reason : '';
  return new ApiError(status, code, message, field, missing, reason, parseErrorParams(err.params));
}

/** A network failure (no answer at all) as an ApiError with status 0. */
export function networkError(cause: unknown): ApiError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, 'unavailable', msg || 'network error');
}

type Query = Record<string, string | number | undefined | null>;

export interface CallOptions {
  query?: Query;
  json?: unknown;
  body?: Blob | ArrayBuffer;
  contentType?: string;
}

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class ApiClient {
  private csrf = '';
  /** Called when an authenticated call answers 401 (session expired or logged out). */
  onUnauthenticated: (() => void) | null = null;

  constructor(
    private readonly base = '/api/v1',
    private readonly fetchImpl: FetchLike = (i, init) => fetch(i, init),
  ) {}

  setCsrfToken(token: string): void {
    this.csrf = token;
  }

  get csrfToken(): string {
    return this.csrf;
  }

  async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = opts.contentType || 'application/octet-stream';
      body = opts.body;
    }
    if (method !== 'GET' && method !== 'HEAD' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    let res: Response;
    try {
      res = await this.fetchImpl(this.base + path + buildQuery(opts.query), {
        method,
        headers,
        body,
        credentials: 'same-origin',
      });
    } catch (e) {
      throw networkError(e);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      const err = parseApiError(res.status, res.statusText, text);
      if (res.status === 401 && !path.startsWith('/auth/') && this.onUnauthenticated) {
        this.onUnauthenticated();
      }
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // ---- auth ----
  login(username: string, password: string, totp?: string): Promise<Session> {
    const json: Record<string, string> = { username, password };
    if (totp) json.totp = totp;
    return this.call<Session>('POST', '/auth/login', { json });
  }
  logout(): Promise<void> {
    return this.call<void>('POST', '/auth/logout');
  }
  me(): Promise<Session> {
    return this.call<Session>('GET', '/auth/me');
  }

  changePassword(current_password: string, new_password: string): Promise<void> {
    return this.call<void>('POST', '/auth/password', { json: { current_password, new_password } });
  }
  totpSetup(): Promise<TotpSetup> {
    return this.call<TotpSetup>('POST', '/auth/totp/setup');
  }
  totpConfirm(secret: string, code: string): Promise<User> {
    return this.call<User>('POST', '/auth/totp/confirm', { json: { secret, code } });
  }

  tokens(all = false): Promise<ApiTokenList> {
    return this.call<ApiTokenList>('GET', '/tokens', { query: { all: all ? 'true' : undefined } });
  }
  createToken(name: string, expires_in_days: number | null): Promise<CreatedApiToken> {
    return this.call<CreatedApiToken>('POST', '/tokens', { json: { name, expires_in_days } });
  }
  revokeToken(id: string): Promise<void> {
    return this.call<void>('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  // ---- administration ----
  users(): Promise<UserList> {
    return this.call<UserList>('GET', '/users');
  }
  createUser(user: NewUser): Promise<User> {
    return this.call<User>('POST', '/users', { json: user });
  }
  updateUser(username: string, patch: { display_name?: string; role?: string; disabled?: boolean; password?: string }): Promise<User> {
    return this.call<User>('PATCH', `/users/${encodeURIComponent(username)}`, { json: patch });
  }
  audit(query: Query): Promise<AuditPage> {
    return this.call<AuditPage>('GET', '/audit', { query });
  }
  /** The URL that downloads the whole filtered audit log as CSV (a plain link: the cookie suffices). */
  auditCsvUrl(query: Query): string {
    return this.exportUrl('/audit', query, 'csv');
  }
  /**
   * The URL that downloads every row of a list's filter (not one page) as CSV or XLSX, its
   * column headers in `lang` (a plain link: the cookie suffices). `path` is the list's path.
   */
  exportUrl(path: string, query: Query, format: 'csv' | 'xlsx', lang?: string): string {
    return `${this.base}${path}${buildQuery({ ...query, page: undefined, per_page: undefined, format, lang })}`;
  }
  /** The URL of a request's printed form (a bilingual PDF). */
  requestPdfUrl(id: string): string {
    return `${this.base}/requests/${encodeURIComponent(id)}.pdf`;
  }
  /** Where the node pages me: my e-mail and (an administrator's choice) webhook. */
  myChannels(): Promise<MyChannels> {
    return this.call<MyChannels>('GET', '/hotline/my-channels');
  }
  setMyChannels(input: { email: string; webhook_url?: string }): Promise<unknown> {
    return this.call('PUT', '/hotline/my-channels', { json: input });
  }
  notifications(subject?: string): Promise<NotificationDeliveryList> {
    return this.call<NotificationDeliveryList>('GET', '/hotline/notifications', { query: { subject } });
  }

  // ---- node and reference data ----
  node(): Promise<NodeInfo> {
    return this.call<NodeInfo>('GET', '/node');
  }
  requestTypes(): Promise<RequestTypes> {
    return this.call<RequestTypes>('GET', '/request-types');
  }

  // ---- requests ----
  listRequests(query: Query): Promise<RequestPage> {
    return this.call<RequestPage>('GET', '/requests', { query });
  }
  getRequest(id: string): Promise<Request> {
    return this.call<Request>('GET', `/requests/${encodeURIComponent(id)}`);
  }
  createRequest(content: RequestContent): Promise<Request> {
    return this.call<Request>('POST', '/requests', { json: content });
  }
  updateRequest(id: string, content: Partial<RequestContent>): Promise<Request> {
    return this.call<Request>('PATCH', `/requests/${encodeURIComponent(id)}`, { json: content });
  }
  validateRequest(content: RequestContent): Promise<ValidateResponse> {
    return this.call<ValidateResponse>('POST', '/requests/validate', { json: content });
  }
  postEvent(id: string, args: EventArgs): Promise<Request> {
    return this.call<Request>('POST', `/requests/${encodeURIComponent(id)}/events`, { json: args });
  }
  records(id: string): Promise<{ items: LedgerRecord[] }> {
    return this.call('GET', `/requests/${encodeURIComponent(id)}/records`);
  }
  messages(id: string): Promise<{ items: Message[] }> {
    return this.call('GET', `/requests/${encodeURIComponent(id)}/messages`);
  }
  postMessage(id: string, body: BilingualText): Promise<Message> {
    return this.call('POST', `/requests/${encodeURIComponent(id)}/messages`, { json: { body } });
  }
  attachments(id: string): Promise<{ items: Attachment[] }> {
    return this.call('GET', `/requests/${encodeURIComponent(id)}/attachments`);
  }
  uploadAttachment(id: string, file: File): Promise<Attachment> {
    return this.call('POST', `/requests/${encodeURIComponent(id)}/attachments`, {
      query: { filename: file.name },
      body: file,
      contentType: file.type || 'application/octet-stream',
    });
  }
  // ---- federation ----
  peers(): Promise<PeerList> {
    return this.call('GET', '/peers');
  }
  addPeer(identity: { party: string; url: string; key: string; tls_fingerprint: string; name?: string; timezone?: string }): Promise<Peer> {
    return this.call('POST', '/peers', { json: identity });
  }
  removePeer(party: string): Promise<void> {
    return this.call('DELETE', `/peers/${encodeURIComponent(party)}`);
  }
  quarantine(): Promise<QuarantineList> {
    return this.call('GET', '/quarantine');
  }

  // ---- indicator sharing ----
  indicatorSets(): Promise<{ items: IndicatorSet[]; total: number }> {
    return this.call('GET', '/indicator-sets');
  }
  indicatorSet(id: string): Promise<IndicatorSet> {
    return this.call('GET', `/indicator-sets/${encodeURIComponent(id)}`);
  }
  createIndicatorSet(input: IndicatorSetInput): Promise<IndicatorSet> {
    return this.call('POST', '/indicator-sets', { json: input });
  }
  patchIndicatorSet(id: string, change: { add?: IndicatorInput[]; remove?: string[] }): Promise<IndicatorSet> {
    return this.call('PATCH', `/indicator-sets/${encodeURIComponent(id)}`, { json: change });
  }
  importIndicators(id: string, format: string, text: string, column?: number): Promise<ImportResult> {
    return this.call('POST', `/indicator-sets/${encodeURIComponent(id)}/import`, {
      query: { format, column },
      body: new Blob([text], { type: 'text/plain' }),
      contentType: 'text/plain; charset=utf-8',
    });
  }
  indicators(id: string, page: number, perPage: number): Promise<IndicatorPage> {
    return this.call('GET', `/indicator-sets/${encodeURIComponent(id)}/indicators`, {
      query: { page, per_page: perPage },
    });
  }
  sightings(setId: string): Promise<{ items: Sighting[]; total: number }> {
    return this.call('GET', '/sightings', { query: { set: setId } });
  }
  sightingFeedback(id: string, feedback: SightingFeedback): Promise<Sighting> {
    return this.call('POST', `/sightings/${encodeURIComponent(id)}/feedback`, { json: feedback });
  }

  // ---- hotline (docs/HOTLINE.md) ----
  escalations(query: { state?: string; drill?: string }): Promise<{ items: Escalation[]; total: number }> {
    return this.call('GET', '/hotline/escalations', { query });
  }
  escalate(input: EscalationInput): Promise<Escalation> {
    return this.call('POST', '/hotline/escalations', { json: input });
  }
  acknowledgeEscalation(id: string): Promise<Escalation> {
    return this.call('POST', `/hotline/escalations/${encodeURIComponent(id)}/acknowledge`, { json: {} });
  }
  resolveEscalation(id: string, resolution: string): Promise<Escalation> {
    return this.call('POST', `/hotline/escalations/${encodeURIComponent(id)}/resolve`, { json: { resolution } });
  }
  oncall(at?: string): Promise<OnCall> {
    return this.call('GET', '/hotline/oncall', { query: { at } });
  }
  rosters(): Promise<{ items: Schedule[] }> {
    return this.call('GET', '/hotline/rosters');
  }
  putRoster(schedule: Schedule): Promise<Schedule> {
    return this.call('PUT', `/hotline/rosters/${encodeURIComponent(schedule.id)}`, { json: schedule });
  }
  hotlineContacts(): Promise<{ items: HotlineContact[] }> {
    return this.call('GET', '/hotline/contacts');
  }
  logHotlineContact(input: HotlineContactInput): Promise<HotlineContact> {
    return this.call('POST', '/hotline/contacts', { json: input });
  }
  drills(): Promise<{ items: Drill[] }> {
    return this.call('GET', '/hotline/drills');
  }
  startDrill(input: DrillInput): Promise<Drill> {
    return this.call('POST', '/hotline/drills', { json: input });
  }
  acknowledgeDrill(id: string, tier: number): Promise<Drill> {
    return this.call('POST', `/hotline/drills/${encodeURIComponent(id)}/acknowledge`, { json: { tier } });
  }
  emergencies(): Promise<EmergenciesResponse> {
    return this.call('GET', '/hotline/emergencies');
  }
  logOralRequest(input: OralRequestInput): Promise<Request> {
    return this.call('POST', '/hotline/oral-requests', { json: input });
  }
  confirmInWriting(id: string, content: Partial<RequestContent>, note?: string): Promise<Request> {
    const json: Record<string, unknown> = { content };
    if (note) json.note = note;
    return this.call('POST', `/requests/${encodeURIComponent(id)}/written-confirmation`, { json });
  }
  hotlineReview(from: string, to: string): Promise<HotlineReview> {
    return this.call('GET', '/hotline/review', { query: { from, to } });
  }

  // ---- the 24/7 point-of-contact directory ----
  directory(
    query: { party?: string; tier?: number; stale?: boolean; includeRetired?: boolean } = {},
  ): Promise<DirectoryPage> {
    const { stale, includeRetired, ...rest } = query;
    return this.call('GET', '/contacts', {
      query: {
        ...rest,
        stale: stale === undefined ? undefined : String(stale),
        include_retired: includeRetired ? 'true' : undefined,
      },
    });
  }
  createContact(input: DirectoryContactInput): Promise<DirectoryContact> {
    return this.call('POST', '/contacts', { json: input });
  }
  updateContact(id: string, input: Partial<DirectoryContactInput>): Promise<DirectoryContact> {
    return this.call('PATCH', `/contacts/${encodeURIComponent(id)}`, { json: input });
  }
  /** Retires this party's entry (DELETE): hidden from the directory, kept with its history. */
  retireContact(id: string, reason = ''): Promise<void> {
    return this.call('DELETE', `/contacts/${encodeURIComponent(id)}`, { query: { reason: reason || undefined } });
  }
  verifyContact(id: string): Promise<DirectoryContact> {
    return this.call('POST', `/contacts/${encodeURIComponent(id)}/verify`);
  }

  /** Fetch another party's file again after it was quarantined or refused (administrators). */
  retryAttachment(id: string, sha256: string): Promise<Attachment> {
    return this.call('POST', `/requests/${encodeURIComponent(id)}/attachments/${encodeURIComponent(sha256)}/retry`);
  }

  // The request's evidence package (a zip checked offline with `liaison evidence verify`).
  evidenceUrl(id: string): string {
    return `${this.base}/requests/${encodeURIComponent(id)}/evidence`;
  }

  attachmentUrl(id: string, sha256: string): string {
    return `${this.base}/requests/${encodeURIComponent(id)}/attachments/${encodeURIComponent(sha256)}`;
  }
}

export const api = new ApiClient();
