// The builder end to end against a real node: a preservation request drafted in Chinese,
// submitted incomplete (the server's missing items are marked at their fields, nothing saved),
// completed, submitted, then found in the English register with state "Submitted".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, signedInNode, skipReason, switchLanguage } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

test('preservation request: missing items, completion, submit, register', { skip, timeout: 120_000 }, async (t) => {
  const { page } = await signedInNode(t);

  await switchLanguage(page, 'zh-CN');
  assert.equal(await page.getByTestId('nav-new-request').innerText(), '新建请求');

  await page.getByTestId('nav-new-request').click();
  const typeCard = page.getByTestId('builder-type-preservation');
  assert.match(await typeCard.innerText(), /保全/);
  await typeCard.click();
  await eventually(async () => assert.equal(await typeCard.getAttribute('aria-checked'), 'true'));

  // The checklist for the type, as the server defines it.
  const types = await page.evaluate(async () => (await fetch('/api/v1/request-types')).json());
  const required = types.items.find((i) => i.type === 'preservation').required;
  assert.ok(required.length > 3, `preservation requires ${required}`);

  // Fill only some items.
  const title = `E2E 保全 ${Date.now()}`;
  const filled = new Set(['title', 'requesting_authority', 'offence']);
  await page.getByTestId('field-title').fill(title);
  await page.getByTestId('field-title-translation').fill(`E2E preservation ${title.slice(7)}`);
  await page.getByTestId('field-requesting_authority').fill('公安部网络安全保卫局，联系人：王警官，+86 10 0000 0000');
  await page.getByTestId('field-offence').fill('非法侵入计算机信息系统；攻击者从境外服务器登录受害单位邮箱。');

  await page.getByTestId('builder-submit').click();
  const missing = required.filter((i) => !filled.has(i));
  await page.getByTestId('builder-missing-summary').waitFor();
  for (const item of missing) {
    await page.getByTestId(`error-${item}`).waitFor();
  }
  for (const item of filled) {
    assert.equal(await page.getByTestId(`error-${item}`).count(), 0, `no error at ${item}`);
  }
  // Nothing was saved (issue 17, item 5): the page stayed on the new request, no draft exists.
  assert.match(page.url(), /\/requests\/new$/);
  // Each missing item says what it needs, in Chinese.
  assert.equal((await page.getByTestId('error-identifiers').innerText()).trim(), '请至少添加一个标识符（IP 地址、账户、域名等）。');

  // Complete every missing item.
  for (const item of missing) {
    switch (item) {
      case 'mla_to_follow':
        await page.getByTestId('field-mla_to_follow-yes').click();
        break;
      case 'data_categories':
        await page.getByTestId('field-data_categories-subscriber').click();
        await page.getByTestId('field-data_categories-traffic').click();
        break;
      case 'identifiers':
        await page.getByTestId('identifier-add').click();
        await page.getByTestId('identifier-value-0').fill('203.0.113.7');
        await page.getByTestId('identifier-port-0').fill('443');
        await page.getByTestId('identifier-time-0').fill('2026-11-20T09:02:03');
        await page.getByTestId('identifier-note-0').fill('攻击者登录 IP');
        break;
      default:
        await page.getByTestId(`field-${item}`).fill(`${item}：测试内容`);
    }
  }
  for (const item of missing) {
    await page.getByTestId(`error-${item}`).waitFor({ state: 'detached' });
  }

  await page.getByTestId('builder-submit').click();
  await page.waitForURL(/\/requests\/[^/]+$/);
  await eventually(async () => assert.equal((await page.getByTestId('detail-state').innerText()).trim(), '已提交'));
  assert.equal(await page.getByTestId('detail-title').innerText(), title);
  // The identifier kept its port and its time, shown in both parties' zones.
  const idRow = page.getByTestId('detail-identifier').first();
  await eventually(async () => {
    const text = await idRow.innerText();
    assert.match(text, /203\.0\.113\.7/);
    assert.match(text, /443/);
    assert.match(text, /2026-11-20 09:02:03 Asia\/Shanghai · 2026-11-19 20:02:03 America\/New_York/);
  });

  // In English, the register finds it by its title.
  await switchLanguage(page, 'en');
  await page.getByTestId('nav-register').click();
  await page.getByTestId('register-search').fill(title);
  const row = page.getByTestId('register-row').filter({ hasText: title });
  await eventually(async () => {
    assert.equal(await row.count(), 1);
    assert.equal((await row.getByTestId('register-state').innerText()).trim(), 'Submitted');
  });
  assert.equal(await page.getByTestId('register-row').count(), 1, 'the search narrows the register');
});
