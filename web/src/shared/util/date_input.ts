// What the shared DateInput shows and accepts. Native date inputs follow Chromium's UI
// locale (mm/dd/yyyy) whatever the console's language; DateInput is a text box that shows
// and reads the console's one convention instead (formatDateTime's: "2026-11-05",
// "2026-11-05 13:50"), in both languages, and hands its model the value the native input
// would have: "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:MM" for a date and time.

import { computed, ref, watch } from 'vue';

export type DateInputKind = 'date' | 'datetime';

/** The placeholder and the format named in the error: the same in both languages. */
export function dateInputFormat(kind: DateInputKind): string {
  return kind === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm';
}

/** The model's value as the box shows it ("2026-11-05T13:50" → "2026-11-05 13:50"). */
export function dateInputText(value: string | null | undefined): string {
  return (value ?? '').replace('T', ' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * What the user typed, as the model's value: '' for an empty box, null when it is not a
 * real date (or time). Accepts "-", "/" or "." between the parts, one-digit months, days and
 * hours, and "T" or spaces between the date and the time; seconds when given.
 */
export function parseDateInput(text: string, kind: DateInputKind): string | null {
  const s = text.trim();
  if (s === '') return '';
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  const date = `${m[1]}-${pad(month)}-${pad(day)}`;
  if (kind === 'date') return m[4] === undefined ? date : null;
  if (m[4] === undefined) return null;
  const [hour, minute] = [Number(m[4]), Number(m[5])];
  if (hour > 23 || minute > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return null;
  // Seconds, when typed (an identifier's observed time), are kept as datetime-local keeps them.
  return `${date}T${pad(hour)}:${pad(minute)}${m[6] !== undefined ? `:${m[6]}` : ''}`;
}

/**
 * The box's state (the DateInput component's logic, apart so it is tested without a DOM):
 * `text` shows the model; typing emits the model's new value ('' while not a date); a new
 * value from outside (a reset, a default) replaces the text, the echo of typing does not;
 * leaving a box that holds no date makes `bad` true.
 */
export function useDateInput(
  props: { readonly modelValue: string | null | undefined; readonly kind: DateInputKind },
  emit: (value: string) => void,
) {
  const text = ref(dateInputText(props.modelValue));
  const touched = ref(false);
  const bad = computed(() => touched.value && parseDateInput(text.value, props.kind) === null);
  watch(
    () => props.modelValue,
    (v) => {
      if ((parseDateInput(text.value, props.kind) ?? '') !== (v ?? '')) text.value = dateInputText(v);
    },
  );
  function onInput(v: string) {
    text.value = v;
    const value = parseDateInput(v, props.kind) ?? '';
    if (value !== (props.modelValue ?? '')) emit(value);
  }
  function onBlur() {
    touched.value = true;
    const value = parseDateInput(text.value, props.kind);
    if (value) text.value = dateInputText(value);
  }
  return { text, bad, onInput, onBlur };
}
