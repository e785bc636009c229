// How API errors read in the console: one text for a failed call ("Not found: no such
// request"), and a form's error state (messages under their fields, the rest in one alert).
// The composables call vue-i18n: use them from a component's setup.
import { reactive, ref } from 'vue';
import { ApiError } from '@/shared/api/client';
import { useLabels } from '@/shared/i18n/labels';

/**
 * "Title: message" for an API error, with the error's field before the message when
 * `withField` ("Invalid input: layers[0].name: required"); the text of anything else.
 */
export function apiErrorText(e: unknown, title: (code: string) => string, withField = false): string {
  if (!(e instanceof ApiError)) return String(e);
  const field = withField && e.field ? `${e.field}: ` : '';
  return `${title(e.code)}: ${field}${e.message}`;
}

/** apiErrorText with the code's translated title ("Error" for a code this console does not know). */
export function useApiErrorText(): (e: unknown, withField?: boolean) => string {
  const { errorTitle } = useLabels();
  return (e, withField = false) => apiErrorText(e, errorTitle, withField);
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
 */
export function useFormErrors(options: { nameField?: boolean } = {}) {
  const errText = useApiErrorText();
  const errors = reactive<Record<string, string>>({});
  const formError = ref('');
  function clear(): void {
    for (const k of Object.keys(errors)) delete errors[k];
    formError.value = '';
  }
  /** Shows a failed call under the field `target` gives for its field path, or in the alert when that is ''. */
  function show(e: unknown, target: (field: string) => string): void {
    const key = e instanceof ApiError && e.field ? target(e.field) : '';
    if (key) errors[key] = (e as ApiError).message;
    else formError.value = errText(e, options.nameField);
  }
  return { errors, formError, clear, show };
}
