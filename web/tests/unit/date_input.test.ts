import { describe, expect, it } from 'vitest';
import { createSSRApp, h, nextTick, reactive } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import DateInput from '@/shared/components/DateInput.vue';
import { messages } from '@/shared/i18n';
import { dateInputFormat, dateInputText, parseDateInput, useDateInput } from '@/shared/util/date_input';

describe('parseDateInput', () => {
  it('gives a date as the native date input held it', () => {
    expect(parseDateInput('2026-11-05', 'date')).toBe('2026-11-05');
    expect(parseDateInput(' 2026/1/5 ', 'date')).toBe('2026-01-05');
    expect(parseDateInput('2026.12.31', 'date')).toBe('2026-12-31');
  });

  it('gives a date and time as the native datetime-local input held it', () => {
    expect(parseDateInput('2026-11-05 13:50', 'datetime')).toBe('2026-11-05T13:50');
    expect(parseDateInput('2026-11-05T13:50', 'datetime')).toBe('2026-11-05T13:50');
    expect(parseDateInput('2026-3-8  7:05', 'datetime')).toBe('2026-03-08T07:05');
    expect(parseDateInput('2026-11-05 00:00', 'datetime')).toBe('2026-11-05T00:00');
  });

  it('gives an empty value for an empty box', () => {
    expect(parseDateInput('', 'date')).toBe('');
    expect(parseDateInput('   ', 'datetime')).toBe('');
  });

  it('refuses what is not a real date or time', () => {
    expect(parseDateInput('11/05/2026', 'date')).toBeNull(); // the browser's US order
    expect(parseDateInput('2026-02-29', 'date')).toBeNull(); // not a leap year
    expect(parseDateInput('2028-02-29', 'date')).toBe('2028-02-29');
    expect(parseDateInput('2026-13-01', 'date')).toBeNull();
    expect(parseDateInput('2026-04-31', 'date')).toBeNull();
    expect(parseDateInput('2026-11-05 24:00', 'datetime')).toBeNull();
    expect(parseDateInput('2026-11-05 12:60', 'datetime')).toBeNull();
    expect(parseDateInput('2026-11-05 12:00:60', 'datetime')).toBeNull();
    expect(parseDateInput('2026-11-05T12:00:30', 'datetime')).toBe('2026-11-05T12:00:30');
    expect(parseDateInput('2026-11', 'date')).toBeNull();
    expect(parseDateInput('tomorrow', 'date')).toBeNull();
  });

  it('wants the kind it was given: a time in a date box, or none in a date-time box, is wrong', () => {
    expect(parseDateInput('2026-11-05 13:50', 'date')).toBeNull();
    expect(parseDateInput('2026-11-05', 'datetime')).toBeNull();
  });

  it('shows the model in the console convention and names its format', () => {
    expect(dateInputText('2026-11-05T13:50')).toBe('2026-11-05 13:50');
    expect(dateInputText('2026-11-05')).toBe('2026-11-05');
    expect(dateInputText(undefined)).toBe('');
    expect(dateInputFormat('date')).toBe('YYYY-MM-DD');
    expect(dateInputFormat('datetime')).toBe('YYYY-MM-DD HH:mm');
  });
});

/** The HTML of a DateInput holding `value`, in `locale`. */
async function render(value: string, kind: 'date' | 'datetime', locale: string): Promise<string> {
  const app = createSSRApp({
    render: () => h(DateInput, { modelValue: value, kind, 'data-testid': 'when', class: 'date' }),
  });
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages, missingWarn: false, fallbackWarn: false }));
  return renderToString(app);
}

describe('DateInput', () => {
  for (const locale of ['en', 'zh-CN']) {
    it(`shows YYYY-MM-DD in ${locale}, never the browser's mm/dd/yyyy`, async () => {
      const html = await render('2026-11-05', 'date', locale);
      expect(html).toMatch(/<input[^>]*type="text"/);
      expect(html).toMatch(/<input[^>]*data-testid="when"/);
      expect(html).toMatch(/<input[^>]*placeholder="YYYY-MM-DD"/);
      expect(html).not.toMatch(/type="date"/);
      // The caller's class sizes the whole box (its error line included).
      expect(html).toMatch(/^<span class="date-input date"/);
    });

    it(`shows a date and time as YYYY-MM-DD HH:mm in ${locale}`, async () => {
      const html = await render('2026-11-05T13:50', 'datetime', locale);
      expect(html).toMatch(/<input[^>]*placeholder="YYYY-MM-DD HH:mm"/);
      expect(html).not.toMatch(/datetime-local/);
    });
  }

  it('names the format in both languages when a box holds no date', () => {
    const en = messages.en.common.dateFormat.replace('{format}', 'YYYY-MM-DD');
    const zh = messages['zh-CN'].common.dateFormat.replace('{format}', 'YYYY-MM-DD');
    expect(en).toBe('Write it as YYYY-MM-DD');
    expect(zh).toBe('请按 YYYY-MM-DD 格式填写');
  });
});

describe('useDateInput (the DateInput box)', () => {
  function box(value: string, kind: 'date' | 'datetime') {
    const props = reactive({ modelValue: value, kind });
    const emitted: string[] = [];
    const state = useDateInput(props, (v) => {
      emitted.push(v);
      props.modelValue = v; // v-model
    });
    return { props, emitted, ...state };
  }

  it('shows the model and emits what the native input would have', () => {
    const b = box('2026-11-05T13:50', 'datetime');
    expect(b.text.value).toBe('2026-11-05 13:50');
    b.onInput('2026-11-06 09:05');
    expect(b.emitted).toEqual(['2026-11-06T09:05']);
    const d = box('2026-10-01', 'date');
    expect(d.text.value).toBe('2026-10-01');
    d.onInput('2026-12-31');
    expect(d.emitted).toEqual(['2026-12-31']);
  });

  it('emits an empty value while the box holds no date, and keeps what was typed', async () => {
    const b = box('2026-10-01', 'date');
    b.onInput('2026-1');
    expect(b.emitted).toEqual(['']);
    await nextTick();
    expect(b.text.value).toBe('2026-1'); // the echo does not wipe the typing
    expect(b.bad.value).toBe(false); // not while typing
    b.onBlur();
    expect(b.bad.value).toBe(true);
    b.onInput('2026-1-9');
    expect(b.emitted).toEqual(['', '2026-01-09']);
    expect(b.bad.value).toBe(false);
    b.onBlur();
    expect(b.text.value).toBe('2026-01-09'); // written out in full on leaving
  });

  it('shows a new value set from outside', async () => {
    const b = box('2026-10-01', 'date');
    b.props.modelValue = '2027-01-01';
    await nextTick();
    expect(b.text.value).toBe('2027-01-01');
    b.props.modelValue = '';
    await nextTick();
    expect(b.text.value).toBe('');
    expect(b.emitted).toEqual([]);
  });
});
