// Every refusal reason the node can give has its text in both locale files (issue 17). The
// reasons are the OpenAPI document's ErrorReason enum (generated into ERROR_REASONS), which
// ApiTest.TheOpenApiErrorReasonEnumIsTheReasonTable holds equal to the C++ table; so a reason
// added to src/kernel/common/status.cc without its two translations fails `make test`.
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from '@/shared/i18n/en';
import zhCN from '@/shared/i18n/zh-CN';
import { ERROR_FORMS, ERROR_REASONS } from '@/shared/api/enums';
import { ApiError, parseApiError } from '@/shared/api/client';
import { apiErrorText, fieldPathLabel, reasonText, type ReasonTranslator } from '@/shared/util/errors';

function translator(locale: 'en' | 'zh-CN'): ReasonTranslator {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, 'zh-CN': zhCN } });
  const g = i18n.global;
  return {
    t: (key, named) => (named ? g.t(key, named) : g.t(key)),
    te: (key) => g.te(key, locale),
    locale,
    fieldLabel: (name) => (g.te(`field.${name}`, locale) ? g.t(`field.${name}`) : name),
    kindLabel: (kind) => (g.te(`enum.identifier_kind.${kind}`, locale) ? g.t(`enum.identifier_kind.${kind}`) : kind),
  };
}

describe('refusal reasons', () => {
  it('the node gives a known list of reasons', () => {
    expect(ERROR_REASONS.length).toBeGreaterThan(20);
    expect(ERROR_REASONS).toContain('required');
    expect(ERROR_REASONS).toContain('invalid_ip');
  });

  for (const [name, messages] of [
    ['en', en],
    ['zh-CN', zhCN],
  ] as const) {
    it(`every reason has a text in ${name}`, () => {
      const errors = (messages as unknown as { errors: Record<string, string> }).errors;
      const missing = ERROR_REASONS.filter((r) => typeof errors[r] !== 'string' || errors[r] === '');
      expect(missing).toEqual([]);
    });
  }

  for (const [name, messages] of [
    ['en', en],
    ['zh-CN', zhCN],
  ] as const) {
    it(`every form an invalid_format names has a text in ${name}`, () => {
      const forms = (messages as unknown as { errors: { forms: Record<string, string> } }).errors.forms;
      expect(ERROR_FORMS.length).toBeGreaterThan(10);
      expect(ERROR_FORMS.filter((f) => typeof forms[f] !== 'string' || forms[f] === '')).toEqual([]);
    });
  }

  it('says an invalid_format form and a wrong_type type in Chinese, not the English param', () => {
    const e = new ApiError(400, 'invalid_argument', 'email must be an e-mail address', 'email', [], 'invalid_format', {
      expected: 'an e-mail address',
      form: 'email',
    });
    // (The form under its box names the field itself.)
    expect(reasonText(e, translator('zh-CN'), () => '电子邮件')).toBe('电子邮件格式不正确（应为 电子邮件地址）。');
    expect(reasonText(e, translator('zh-CN'), () => '电子邮件')).not.toMatch(/[A-Za-z]/);
    expect(reasonText(e, translator('en'), () => 'E-mail')).toBe('E-mail is not in the expected form (an e-mail address).');
    const tz = { reason: 'invalid_format', field: 'time_zone', params: { expected: 'an IANA time zone such as Asia/Shanghai', form: 'time_zone' } };
    expect(reasonText(tz, translator('zh-CN'), () => '时区')).toBe('时区格式不正确（应为 IANA 时区，如 Asia/Shanghai）。');
    // A form this console does not know: the English words, as before.
    const unknown = { reason: 'invalid_format', field: 'x', params: { expected: 'a thing', form: 'no_such_form' } };
    expect(reasonText(unknown, translator('zh-CN'), () => '此项')).toBe('此项格式不正确（应为 a thing）。');
    const type = { reason: 'wrong_type', field: 'feedback', params: { type: 'object' } };
    expect(reasonText(type, translator('zh-CN'), () => '反馈')).toBe('反馈类型不正确（应为：对象）。');
    const role = { reason: 'wrong_role', field: 'assignee', params: { role: 'analyst' } };
    expect(reasonText(role, translator('zh-CN'), () => '承办人')).toBe('承办人：角色为分析员的用户不能承担此项。');
  });

  it('says a reason with its params and the field label in each language', () => {
    const e = parseApiError(
      400,
      'Bad Request',
      JSON.stringify({
        error: {
          code: 'invalid_argument',
          message: 'identifiers[2].value is not an IPv4 address like 203.0.113.7',
          field: 'identifiers[2].value',
          reason: 'invalid_ip',
          params: { version: 4 },
        },
      }),
    );
    expect(e.reason).toBe('invalid_ip');
    expect(e.params).toEqual({ version: 4 });
    expect(reasonText(e, translator('en'))).toBe('Identifiers 3 is not a valid IPv4 address.');
    expect(reasonText(e, translator('zh-CN'))).toBe('标识符 3不是有效的 IPv4 地址。');
    const range = new ApiError(400, 'invalid_argument', 'per_page must be between 1 and 200', 'per_page', [], 'out_of_range', {
      min: 1,
      max: 200,
    });
    expect(reasonText(range, translator('en'))).toBe('per_page must be between 1 and 200.');
    // A form that shows the message under its field may name the field itself ('' = "this field").
    const amount = { reason: 'out_of_range', field: 'clocks[1].amount', params: { min: 0, max: 100000 } };
    expect(reasonText(amount, translator('en'), () => 'Amount')).toBe('Amount must be between 0 and 100000.');
    expect(reasonText(amount, translator('zh-CN'), () => '')).toBe('此项须在 0 至 100000 之间。');
    const allowed = new ApiError(400, 'invalid_argument', "unknown priority 'P9'", 'priority', [], 'not_one_of', {
      allowed: ['P0', 'P1'],
    });
    expect(reasonText(allowed, translator('zh-CN'))).toBe('优先级须为以下之一：P0、P1。');
    const tooLong = new ApiError(400, 'invalid_argument', 'x', 'title.original', [], 'too_long', { max: 500 });
    expect(reasonText(tooLong, translator('zh-CN'))).toBe('标题过长（最多 500 个字符）。');
    const noField = new ApiError(401, 'unauthenticated', 'wrong username or password', '', [], 'wrong_credentials');
    expect(apiErrorText(noField, (c) => `<${c}>`, false, translator('zh-CN'))).toBe('<unauthenticated>: 用户名或密码错误。');
  });

  it('falls back to the server message for a reason this console does not know, or none', () => {
    const future = new ApiError(400, 'invalid_argument', 'the moon is not a party', 'party', [], 'lunar');
    expect(reasonText(future, translator('en'))).toBe('');
    expect(apiErrorText(future, (c) => `<${c}>`, true, translator('zh-CN'))).toBe('<invalid_argument>: party: the moon is not a party');
    const plain = new ApiError(404, 'not_found', 'no request x');
    expect(apiErrorText(plain, (c) => `<${c}>`, false, translator('en'))).toBe('<not_found>: no request x');
  });

  it('says a not-found, a state conflict and a refusal of role in each language', () => {
    const missing = new ApiError(404, 'not_found', 'no request CN-2026-000009', 'id', [], 'no_such', {
      what: 'request',
      id: 'CN-2026-000009',
    });
    expect(reasonText(missing, translator('en'))).toBe('No request CN-2026-000009.');
    expect(reasonText(missing, translator('zh-CN'))).toBe('没有请求 CN-2026-000009。');
    const state = new ApiError(409, 'failed_precondition', "event 'withdraw' is not allowed in state 'draft'", 'event', [], 'wrong_state', {
      state: 'draft',
    });
    expect(reasonText(state, translator('en'))).toBe('Not possible while it is Draft.');
    expect(reasonText(state, translator('zh-CN'))).toBe('处于“草稿”状态时不能这样做。');
    const role = new ApiError(403, 'permission_denied', 'role auditor may not do that', '', [], 'not_permitted');
    expect(reasonText(role, translator('zh-CN'))).toBe('您的角色或所属方无权执行此操作。');
    const paged = new ApiError(409, 'failed_precondition', 'nobody of CN was paged for tier 2', 'tier', [], 'nobody_paged', { tier: 2 });
    expect(reasonText(paged, translator('zh-CN'))).toBe('第 2 级尚未呼叫任何人。');
  });

  it('says a refusal its code gave a reason without params in plain words', () => {
    // A 404 or 409 from a site that names nothing: the node sends the code's reason alone.
    const bare404 = new ApiError(404, 'not_found', 'no such endpoint: GET /x', '', [], 'no_such');
    expect(reasonText(bare404, translator('en'))).toBe('Not found.');
    expect(reasonText(bare404, translator('zh-CN'))).toBe('未找到。');
    const bare409 = new ApiError(409, 'failed_precondition', 'already resolved', 'state', [], 'wrong_state');
    expect(reasonText(bare409, translator('zh-CN'))).toBe('当前状态下不能这样做。');
    const taken = new ApiError(409, 'already_exists', 'user x exists', 'username', [], 'already_exists');
    expect(reasonText(taken, translator('en'))).toBe('It already exists.');
    // A thing the console has no word for is named as the node sent it.
    const odd = new ApiError(404, 'not_found', 'no widget 7', 'id', [], 'no_such', { what: 'widget', id: '7' });
    expect(reasonText(odd, translator('zh-CN'))).toBe('没有widget 7。');
  });

  it('labels a field path by its first part and list position', () => {
    const label = (n: string) => ({ identifiers: 'Identifiers', title: 'Title' })[n] ?? n;
    expect(fieldPathLabel('identifiers[0].value', label)).toBe('Identifiers 1');
    expect(fieldPathLabel('title.original', label)).toBe('Title');
    expect(fieldPathLabel('', label)).toBe('');
  });
});
