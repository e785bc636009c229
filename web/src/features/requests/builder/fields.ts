// The request builder's model, kept apart from the component so it can be unit-tested:
// which fields a request type shows (driven by the checklist from GET /request-types), how
// the form turns into the API's request content and back, and where server errors go.
import type {
  BilingualText,
  Confidentiality,
  DataCategory,
  FieldError,
  Identifier,
  Priority,
  PriorityArea,
  Request,
  RequestContent,
  RequestType,
} from '@/shared/api/types';
import { utcToZonedWallTime, zonedWallTimeToUtc } from '@/shared/util/time';

export type FieldKind = 'bilingual' | 'tristate' | 'categories' | 'identifiers';

/** Every content field a checklist item can name, in the order the form shows them. */
export const CONTENT_FIELDS: ReadonlyArray<{ name: ContentFieldName; kind: FieldKind }> = [
  { name: 'title', kind: 'bilingual' },
  { name: 'requesting_authority', kind: 'bilingual' },
  { name: 'legal_basis', kind: 'bilingual' },
  { name: 'offence', kind: 'bilingual' },
  { name: 'data_sought', kind: 'bilingual' },
  { name: 'data_link', kind: 'bilingual' },
  { name: 'custodian', kind: 'bilingual' },
  { name: 'necessity', kind: 'bilingual' },
  { name: 'mla_to_follow', kind: 'tristate' },
  { name: 'data_categories', kind: 'categories' },
  { name: 'identifiers', kind: 'identifiers' },
];

export type BilingualFieldName =
  | 'title'
  | 'requesting_authority'
  | 'legal_basis'
  | 'offence'
  | 'data_sought'
  | 'data_link'
  | 'custodian'
  | 'necessity';
export type ContentFieldName = BilingualFieldName | 'mla_to_follow' | 'data_categories' | 'identifiers';

export const BILINGUAL_FIELDS: readonly BilingualFieldName[] = [
  'title',
  'requesting_authority',
  'legal_basis',
  'offence',
  'data_sought',
  'data_link',
  'custodian',
  'necessity',
];

export interface FieldSpec {
  name: ContentFieldName;
  kind: FieldKind;
  required: boolean;
}

export interface BuilderLayout {
  /** Shown with the basics whatever the type (a request always needs a title). */
  basics: FieldSpec[];
  /** The type's checklist items, in the server's order. */
  required: FieldSpec[];
  /** Content fields the type does not require, in a folded section. */
  optional: FieldSpec[];
  /** Checklist items this console does not know (a newer server); shown by name only. */
  unknown: string[];
}

const ALWAYS_VISIBLE: readonly ContentFieldName[] = ['title'];

/** Which fields the builder shows where, for a type whose checklist is `required`. */
export function builderLayout(required: readonly string[]): BuilderLayout {
  const byName = new Map(CONTENT_FIELDS.map((f) => [f.name as string, f]));
  const req: FieldSpec[] = [];
  const unknown: string[] = [];
  for (const item of required) {
    const f = byName.get(item);
    if (!f) unknown.push(item);
    else if (!req.some((r) => r.name === f.name)) req.push({ ...f, required: true });
  }
  const isReq = (n: string) => req.some((r) => r.name === n);
  const basics = CONTENT_FIELDS.filter((f) => ALWAYS_VISIBLE.includes(f.name) && !isReq(f.name)).map(
    (f) => ({ ...f, required: false }),
  );
  const optional = CONTENT_FIELDS.filter(
    (f) => !isReq(f.name) && !ALWAYS_VISIBLE.includes(f.name),
  ).map((f) => ({ ...f, required: false }));
  return { basics, required: req, optional, unknown };
}

// ---- the form -----------------------------------------------------------------------------

export interface IdentifierRow {
  kind: Identifier['kind'];
  value: string;
  port: string;
  /** Wall time "YYYY-MM-DDTHH:MM" in `zone`, as a datetime-local input holds it. */
  observedWall: string;
  zone: string;
  note: string;
}

export interface BuilderForm {
  /** '' until a type is chosen. */
  type: RequestType | '';
  priority: Priority;
  priority_area: PriorityArea;
  requested_party: string;
  confidentiality: Confidentiality;
  requester_ref: string;
  respondByWall: string;
  respondByZone: string;
  texts: Record<BilingualFieldName, BilingualText>;
  mla_to_follow: boolean | null;
  data_categories: DataCategory[];
  identifiers: IdentifierRow[];
}

export function emptyText(lang: string): BilingualText {
  return { original: '', lang, translation: '', translation_lang: lang.startsWith('zh') ? 'en' : 'zh-CN' };
}

export function emptyForm(lang: string, zone: string): BuilderForm {
  const texts = {} as Record<BilingualFieldName, BilingualText>;
  for (const n of BILINGUAL_FIELDS) texts[n] = emptyText(lang);
  return {
    type: '',
    priority: 'P2',
    priority_area: 'other',
    requested_party: '',
    confidentiality: 'standard',
    requester_ref: '',
    respondByWall: '',
    respondByZone: zone,
    texts,
    mla_to_follow: null,
    data_categories: [],
    identifiers: [],
  };
}

export function emptyIdentifier(zone: string): IdentifierRow {
  return { kind: 'ipv4', value: '', port: '', observedWall: '', zone, note: '' };
}

function textOut(t: BilingualText): BilingualText {
  const original = t.original.trim();
  const translation = (t.translation ?? '').trim();
  if (!original && !translation) return { original: '', lang: '', translation: '', translation_lang: '' };
  return {
    original,
    lang: t.lang ?? '',
    translation,
    translation_lang: translation ? (t.translation_lang ?? '') : '',
  };
}

function portOut(port: string): number | string | undefined {
  const p = port.trim();
  if (!p) return undefined;
  // A non-integer goes to the server as typed so that its field error explains it.
  return /^\d+$/.test(p) ? Number(p) : p;
}

export interface ContentOut {
  content: RequestContent;
  /** identifierRows[i] is the form row that content.identifiers[i] came from. */
  identifierRows: number[];
}

/** The API request content for the form. Identifier rows with no value are left out. */
export function formToContent(form: BuilderForm): ContentOut {
  const identifiers: Identifier[] = [];
  const identifierRows: number[] = [];
  form.identifiers.forEach((row, i) => {
    if (!row.value.trim()) return;
    const id: Identifier = { kind: row.kind, value: row.value.trim() };
    const port = portOut(row.port);
    if (port !== undefined) (id as unknown as Record<string, unknown>).port = port;
    const observed = row.observedWall ? zonedWallTimeToUtc(row.observedWall, row.zone) : '';
    if (observed) id.observed_at = observed;
    if (row.note.trim()) id.note = row.note.trim();
    identifiers.push(id);
    identifierRows.push(i);
  });
  const content: RequestContent = {
    // '' (no type chosen) goes as typed: the server's field error names it.
    type: form.type as RequestType,
    priority: form.priority,
    priority_area: form.priority_area,
    requested_party: form.requested_party,
    confidentiality: form.confidentiality,
    respond_by: form.respondByWall ? zonedWallTimeToUtc(form.respondByWall, form.respondByZone) : '',
    mla_to_follow: form.mla_to_follow,
    data_categories: [...form.data_categories],
    identifiers,
  };
  // Left out when empty: the node then assigns one on creation (and a patch keeps it).
  if (form.requester_ref.trim()) content.requester_ref = form.requester_ref.trim();
  for (const n of BILINGUAL_FIELDS) content[n] = textOut(form.texts[n]);
  return { content, identifierRows };
}

/** The form for a saved draft; times are shown in `zone`. */
export function requestToForm(r: Request, lang: string, zone: string): BuilderForm {
  const form = emptyForm(lang, zone);
  form.type = r.type;
  form.priority = r.priority || form.priority;
  form.priority_area = r.priority_area || form.priority_area;
  form.requested_party = r.requested_party;
  form.confidentiality = r.confidentiality || form.confidentiality;
  form.requester_ref = r.requester_ref ?? '';
  form.respondByWall = utcToZonedWallTime(r.respond_by, zone);
  for (const n of BILINGUAL_FIELDS) {
    const t = r[n];
    if (t && (t.original || t.translation)) {
      form.texts[n] = {
        original: t.original ?? '',
        lang: t.lang || lang,
        translation: t.translation ?? '',
        translation_lang: t.translation_lang || (lang.startsWith('zh') ? 'en' : 'zh-CN'),
      };
    }
  }
  form.mla_to_follow = r.mla_to_follow ?? null;
  form.data_categories = [...(r.data_categories ?? [])];
  form.identifiers = (r.identifiers ?? []).map((id) => ({
    kind: id.kind,
    value: id.value,
    port: id.port === undefined || id.port === null ? '' : String(id.port),
    observedWall: utcToZonedWallTime(id.observed_at, zone),
    zone,
    note: id.note ?? '',
  }));
  return form;
}

/**
 * The form key an API error field belongs to: "title.original" → "title",
 * "identifiers[2].port" → "identifiers.<row>" (row of the form), "" → "".
 */
export function errorKey(field: string, identifierRows: readonly number[]): string {
  if (!field) return '';
  const m = /^identifiers\[(\d+)\]/.exec(field);
  if (m) {
    const row = identifierRows[Number(m[1])];
    return row === undefined ? 'identifiers' : `identifiers.${row}`;
  }
  const top = /^[A-Za-z0-9_]+/.exec(field);
  return top ? top[0] : field;
}

/**
 * Server field errors by form key (first error per key wins), each said by `say` (the reason in
 * the console's language, else the server's message).
 */
export function errorsByKey(
  errors: readonly FieldError[],
  identifierRows: readonly number[],
  say: (e: FieldError) => string = (e) => e.message || e.code,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const k = errorKey(e.field, identifierRows);
    if (!(k in out)) out[k] = say(e) || e.message || e.code;
  }
  return out;
}
