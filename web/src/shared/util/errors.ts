// How API errors read in the console: one text for a failed call ("Not found: no such
// request"), and a form's error state (messages under their fields, the rest in one alert).
// The composables call vue-i18n: use them from a component's setup.
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError, type ErrorParams } from '@/shared/api/client';
import { useLabels } from '@/shared/i18n/labels';

/** What reasonText needs of vue-i18n and the labels (a component's, or a test's). */
export interface ReasonTranslator {
  t: (key: string, named?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
  locale: string;
  /** A content field's label ("title" → "Title"); the name itself when there is none. */
  fieldLabel: (name: string) => string;
  /** An identifier kind's name ("ipv4" → "IPv4 address"). */
  kindLabel?: (kind: string) => string;
}

/**
 * The label of an error's field path: "identifiers[2].value" → "Identifiers 3",
 * "title.original" → "Title"; "" for no field.
 */
export function fieldPathLabel(path: string, fieldLabel: (name: string) => string): string {
  if (!path) return '';
  const m = /^([A-Za-z0-9_]+)(?:\[(\d+)\])?/.exec(path);
  if (!m) return path;
  const label = fieldLabel(m[1]);
  return m[2] !== undefined ? `${label} ${Number(m[2]) + 1}` : label;
}

function paramText(v: number | string | string[], locale: string): string {
  if (Array.isArray(v)) return v.join(locale === 'zh-CN' ? '、' : ', ');
  return String(v);
}

// The reasons the node also gives without params (the default of a 404, 409 or 413): the
// param their text needs, else errors.plain.<reason>.
const PARAM_NEEDED: Record<string, string> = { no_such: 'what', wrong_state: 'state', too_large: 'max', already_exists: 'value' };

/** The label of an error's field path as a form names it ('': "this field"). */
export type PathLabel = (path: string) => string;

/**
 * The error's reason said in the console's language (errors.<reason> with its params and the
 * field's label, `pathLabel`'s when given), or '' when the error has no reason this console
 * knows — the caller then shows the server's English message.
 */
export function reasonText(
  e: { reason?: string; params?: ErrorParams; field?: string },
  tr: ReasonTranslator,
  pathLabel?: PathLabel,
): string {
  if (!e.reason || !tr.te(`errors.${e.reason}`)) return '';
  const named: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.params ?? {})) named[k] = paramText(v, tr.locale);
  // A refusal the node gave only its code's reason (a 404 naming nothing): the plain text.
  const needs = PARAM_NEEDED[e.reason];
  if (needs && !named[needs]) return tr.te(`errors.plain.${e.reason}`) ? tr.t(`errors.plain.${e.reason}`) : '';
  if (typeof named.kind === 'string' && tr.kindLabel) named.kind = tr.kindLabel(named.kind);
  if (named.what && tr.te(`errors.things.${named.what}`)) named.what = tr.t(`errors.things.${named.what}`);
  if (named.state && tr.te(`enum.state.${named.state}`)) named.state = tr.t(`enum.state.${named.state}`);
  // A form or type named by code is said in the console's language; the English `expected` is
  // the fallback for a form this console does not know.
  if (named.form && tr.te(`errors.forms.${named.form}`)) named.expected = tr.t(`errors.forms.${named.form}`);
  if (named.type && tr.te(`errors.types.${named.type}`)) named.type = tr.t(`errors.types.${named.type}`);
  if (named.role && tr.te(`role.${named.role}`)) named.role = tr.t(`role.${named.role}`);
  const path = e.field ?? '';
  named.field = (pathLabel ? pathLabel(path) : fieldPathLabel(path, tr.fieldLabel)) || tr.t('errors.thisField');
  return tr.t(`errors.${e.reason}`, named);
}

/** The message to show for an API error: its reason translated, else the server's message. */
export function errorMessage(
  e: ApiError | { reason?: string; params?: ErrorParams; field?: string; message: string },
  tr: ReasonTranslator,
  pathLabel?: PathLabel,
): string {
  return reasonText(e, tr, pathLabel) || e.message;
}

/** A ReasonTranslator from the component's vue-i18n and labels. */
export function useReasonTranslator(): ReasonTranslator {
  const { t, te, locale } = useI18n();
  const { fieldLabel, label } = useLabels();
  return {
    t: (key, named) => (named ? t(key, named) : t(key)),
    te: (key) => te(key),
    get locale() {
      return locale.value;
    },
    fieldLabel,
    kindLabel: (kind) => label('identifier_kind', kind),
  };
}

/**
 * "Title: message" for an API error, with the error's field before the message when
 * `withField` ("Invalid input: layers[0].name: required"); the text of anything else.
 */
export function apiErrorText(
  e: unknown,
  title: (code: string) => string,
  withField = false,
  tr?: ReasonTranslator,
): string {
  if (!(e instanceof ApiError)) return String(e);
  // A translated reason names its field itself.
  const translated = tr ? reasonText(e, tr) : '';
  if (translated) return `${title(e.code)}: ${translated}`;
  const field = withField && e.field ? `${e.field}: ` : '';
  return `${title(e.code)}: ${field}${e.message}`;
}

/** apiErrorText with the code's translated title ("Error" for a code this console does not know) and the reason in the console's language. */
export function useApiErrorText(): (e: unknown, withField?: boolean) => string {
  const { errorTitle } = useLabels();
  const tr = useReasonTranslator();
  return (e, withField = false) => apiErrorText(e, errorTitle, withField, tr);
}

/** A field target for useFormErrors: the path's first part ("tiers[0]" → "tiers") when it is one of `keys`. */
export function topFieldIn(keys: readonly string[]): (field: string) => string {
  return (field) => {
    const top = field.split(/[[.]/)[0];
    return keys.includes(top) ? top : '';
  };
}

/**
 * The errors of a form that posts to the API: `errors` by the form's own field keys and
 * `formError` for the alert. `nameField`: the alert names a field the form does not show.
 * `fieldLabel`: how a message under its field names that field (default: fieldPathLabel).
 */
export function useFormErrors(options: { nameField?: boolean; fieldLabel?: PathLabel } = {}) {
  const errText = useApiErrorText();
  const tr = useReasonTranslator();
  const errors = reactive<Record<string, string>>({});
  const formError = ref('');
  function clear(): void {
    for (const k of Object.keys(errors)) delete errors[k];
    formError.value = '';
  }
  /** Shows a failed call under the field `target` gives for its field path, or in the alert when that is ''. */
  function show(e: unknown, target: (field: string) => string): void {
    const key = e instanceof ApiError && e.field ? target(e.field) : '';
    if (key) errors[key] = errorMessage(e as ApiError, tr, options.fieldLabel);
    else formError.value = errText(e, options.nameField);
  }
  return { errors, formError, clear, show };
}
