// Issue 17, items 2 and 5, end to end: an incomplete submit from the builder saves nothing (no
// draft, no reference used) and says what is wrong with each field — a specific message per
// item, the node's reason translated — in English and in Chinese, at 1024 and 1440 px; only the
// original of a text turns red, never its optional translation; "Save draft" is what saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, signedInNode, skipReason, switchLanguage } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const EXPECTED = {
  en: {
    identifier: 'Identifiers 1 is not a valid IPv4 address.',
    custodian: 'Say who holds the data, or where it is.',
    data_sought: 'Say which data you ask for.',
    mla_to_follow: 'Say whether a formal MLA request will follow.',
  },
  'zh-CN': {
    identifier: '标识符 1不是有效的 IPv4 地址。',
    custodian: '请写明数据的持有者或所在位置。',
    data_sought: '请写明所需的数据。',
    mla_to_follow: '请说明是否将随后提出正式的刑事司法协助请求。',
  },
};

/** The box-shadow of a text input's own box (the element-plus wrapper or textarea). */
function shadowOf(page, testid) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const inner = el?.matches('textarea, input') ? el : el?.querySelector('textarea, .el-input__wrapper');
    return inner ? getComputedStyle(inner).boxShadow : 'missing';
  }, testid);
}

for (const [width, locale] of [
  [1024, 'zh-CN'],
  [1440, 'en'],
]) {
  test(`an incomplete submit names each problem and saves nothing (${locale}, ${width} px)`, { skip, timeout: 120_000 }, async (t) => {
    const { page, api } = await signedInNode(t, { width });

    if (locale !== 'en') await switchLanguage(page, locale);
    await page.getByTestId('nav-new-request').click();
    await page.getByTestId('builder-type-preservation').click();
    await page.getByTestId('field-title').fill('Preserve the C2 logs');
    await page.getByTestId('identifier-add').click();
    await page.getByTestId('identifier-value-0').fill('999.1.1.1');

    await page.getByTestId('builder-submit').click();
    const want = EXPECTED[locale];
    await eventually(async () => {
      assert.equal((await page.getByTestId('error-identifier-0').innerText()).trim(), want.identifier);
      assert.equal((await page.getByTestId('error-custodian').innerText()).trim(), want.custodian);
      assert.equal((await page.getByTestId('error-data_sought').innerText()).trim(), want.data_sought);
      assert.equal((await page.getByTestId('error-mla_to_follow').innerText()).trim(), want.mla_to_follow);
    });
    await page.getByTestId('builder-missing-summary').waitFor();
    assert.equal(await page.getByTestId('error-title').count(), 0, 'the title is fine');
    // The identifier is there but invalid: it is named as invalid, not as missing.
    assert.equal(await page.getByTestId('error-identifiers').count(), 0);
    // Nothing was saved: still the new-request page, and the register holds no draft.
    assert.match(page.url(), /\/requests\/new$/);
    const list = await api('GET', '/requests');
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 0, JSON.stringify(list.body));

    // The original of a missing text is marked; its optional translation is not.
    const danger = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--lz-danger)';
      document.body.appendChild(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    // (element-plus fades the border in: read it until the fade ends.)
    await eventually(async () => {
      const original = await shadowOf(page, 'field-custodian');
      const translation = await shadowOf(page, 'field-custodian-translation');
      assert.ok(original.includes(danger), `the original is red (${danger}): ${original}`);
      assert.ok(!translation.includes(danger), `the translation is not red: ${translation}`);
    });
    // Nothing sticks out sideways at this width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow} px`);

    // "Save draft" saves (once the identifier is valid): now there is one draft.
    await page.getByTestId('identifier-value-0').fill('203.0.113.7');
    await page.getByTestId('error-identifier-0').waitFor({ state: 'detached' });
    await page.getByTestId('builder-save').click();
    await page.waitForURL(/\/requests\/[^/]+\/edit$/);
    await eventually(async () => assert.equal((await api('GET', '/requests')).body.total, 1));
  });
}
