import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import { ApiError, networkError } from '@/shared/api/client';
import { messages } from '@/shared/i18n';
import { apiErrorText, topFieldIn, useFormErrors } from '@/shared/util/errors';

const title = (code: string) => `<${code}>`;

/** Runs `setup` inside a component with the console's messages in `locale`; returns its result. */
async function inSetup<T>(setup: () => T, locale = 'en'): Promise<T> {
  let result: T | undefined;
  const app = createSSRApp(
    defineComponent({
      setup() {
        result = setup();
        return () => null;
      },
    }),
  );
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages, missingWarn: false, fallbackWarn: false }));
  await renderToString(app);
  return result as T;
}

describe('apiErrorText', () => {
  const e = new ApiError(400, 'invalid_argument', 'required', 'layers[0].name');

  it('puts the code title before the message, and the field only when asked', () => {
    expect(apiErrorText(e, title)).toBe('<invalid_argument>: required');
    expect(apiErrorText(e, title, true)).toBe('<invalid_argument>: layers[0].name: required');
    expect(apiErrorText(new ApiError(404, 'not_found', 'no such request'), title, true)).toBe('<not_found>: no such request');
  });

  it('gives the text of anything that is not an API error', () => {
    expect(apiErrorText(new TypeError('boom'), title)).toBe('TypeError: boom');
    expect(apiErrorText('plain', title)).toBe('plain');
  });
});

describe('topFieldIn', () => {
  it('keeps the first part of a path the form shows, and nothing else', () => {
    const target = topFieldIn(['tiers', 'scheduled_for']);
    expect(target('tiers[1]')).toBe('tiers');
    expect(target('scheduled_for')).toBe('scheduled_for');
    expect(target('ack_within_seconds')).toBe('');
    expect(target('')).toBe('');
  });
});

describe('useFormErrors', () => {
  it('shows a field error under its field and the rest in the alert, translated', async () => {
    const f = await inSetup(() => useFormErrors({ nameField: true }), 'zh-CN');
    f.show(new ApiError(400, 'invalid_argument', 'must be at least 1', 'tiers[0]'), topFieldIn(['tiers']));
    expect(f.errors).toEqual({ tiers: 'must be at least 1' });
    expect(f.formError.value).toBe('');

    f.show(new ApiError(400, 'invalid_argument', 'unknown key', 'extra'), topFieldIn(['tiers']));
    expect(f.formError.value).toBe('输入无效: extra: unknown key');

    f.show(networkError(new TypeError('Failed to fetch')), topFieldIn(['tiers']));
    expect(f.formError.value).toBe('无法连接节点: Failed to fetch');

    f.clear();
    expect(f.errors).toEqual({});
    expect(f.formError.value).toBe('');
  });

  it('leaves the field out of the alert unless asked, and titles unknown codes "Error"', async () => {
    const f = await inSetup(() => useFormErrors());
    f.show(new ApiError(400, 'invalid_argument', 'unknown key', 'extra'), topFieldIn([]));
    expect(f.formError.value).toBe('Invalid input: unknown key');
    f.show(new ApiError(418, 'teapot', 'short and stout'), topFieldIn([]));
    expect(f.formError.value).toBe('Error: short and stout');
  });
});
