// Issue 17: the deadline policy editor does in the console what the policy API allows. Adds a
// clock rule (in hours, warned in minutes, its source in English and Chinese) and a ladder step,
// publishes, reloads and sees them (and the API's policy has them in seconds, the source as
// {en, zh-CN}; the shipped bilingual sources go back as they came); the Chinese UI shows the
// Chinese source; removes them again; a bad holiday date shows the
// server's field error under the holidays and publishes nothing; the page fits at 1024 px wide
// (no sideways scroll, nothing past the panel's edge) in English and Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, signedInNode, skipReason, switchLanguage } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

/** Picks `label` in the Element Plus select `select` (a locator): the open dropdown's item with exactly that text. */
async function choose(page, select, label) {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible').getByText(label, { exact: true }).click();
  // Closed before the next one opens: a closing dropdown's items must not answer for the next.
  await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
}

/** Widths that stick out: the document's sideways scroll and any element past the panel's right edge. */
async function overflow(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('[data-testid="policy-panel"]');
    const right = panel.getBoundingClientRect().right;
    const out = [...panel.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > right + 1)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)} > ${Math.round(right)}`);
    return { doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, out: out.slice(0, 5) };
  });
}

async function assertFits(page, what) {
  const m = await overflow(page);
  assert.ok(m.doc <= m.view, `${what}: the page scrolls sideways (${m.doc} > ${m.view})`);
  assert.deepEqual(m.out, [], `${what}: past the panel's edge`);
}

test('policy editor: add a clock rule and a ladder step, publish, reload; bad holiday named; fits at 1024', { skip, timeout: 240_000 }, async (t) => {
  const { page, api } = await signedInNode(t, { width: 1024, height: 768 });

  await page.goto('/hotline?tab=policy');
  await page.getByTestId('policy-version').waitFor();
  const shipped = (await api('GET', '/hotline/policy')).body;
  await eventually(async () => assert.equal(await page.getByTestId('policy-clock').count(), shipped.clocks.length));
  await assertFits(page, 'en, shipped');
  // Durations in human units: the shipped P0 acknowledge clock warns 900 s before = 15 minutes.
  const ackP0 = page.locator('[data-testid="policy-clock"][data-clock="acknowledge"][data-priorities="P0"]');
  assert.equal(await ackP0.getByTestId('policy-warn').inputValue(), '15');
  assert.match(await ackP0.getByTestId('policy-warn-unit').innerText(), /minutes/);

  // ---- Add a clock rule: preserve, any type, P2, 6 hours, warned 45 minutes before.
  await page.getByTestId('policy-clock-add').click();
  const added = page.getByTestId('policy-clock').last();
  await choose(page, added.getByTestId('policy-clock-name'), 'Preserve');
  await added.getByTestId('policy-amount').fill('6');
  await choose(page, added.getByTestId('policy-unit'), 'hours');
  await added.getByTestId('policy-warn').fill('45');
  await choose(page, added.getByTestId('policy-warn-unit'), 'minutes');
  assert.equal(await added.getByTestId('policy-source').inputValue(), '', 'a new rule has an empty English box');
  assert.equal(await added.getByTestId('policy-source-zh').inputValue(), '', 'and an empty Chinese box');
  await added.getByTestId('policy-source').fill('agreement default: 6 hours for a preservation the console added');
  await added.getByTestId('policy-source-zh').fill('协定默认：控制台添加的保全 6 小时');
  // ---- Add a ladder step to "standard": 36 hours after the start, tier 3.
  const standard = page.locator('[data-testid="policy-ladder"][data-ladder="standard"]');
  const steps = standard.getByTestId('policy-rule');
  assert.equal(await steps.count(), 2);
  await standard.getByTestId('policy-rule-add').click();
  assert.equal(await steps.count(), 3);
  const step = steps.last();
  await step.getByTestId('policy-delay').fill('36');
  await choose(page, step.getByTestId('policy-delay-unit'), 'hours');
  assert.match(await step.getByTestId('policy-tier').innerText(), /3/);
  await assertFits(page, 'en, with the new rule and step');

  await page.getByTestId('policy-publish').click();
  await eventually(async () => assert.equal((await page.getByTestId('policy-version').innerText()).trim(), 'Published, version 1'));
  await page.reload();
  const mine = page.locator('[data-testid="policy-clock"][data-clock="preserve"][data-priorities="P2"][data-types="*"]');
  await mine.waitFor();
  assert.equal(await mine.getByTestId('policy-amount').inputValue(), '6');
  assert.match(await mine.getByTestId('policy-unit').innerText(), /hours/);
  assert.equal(await mine.getByTestId('policy-warn').inputValue(), '45');
  assert.equal(await mine.getByTestId('policy-source').inputValue(), 'agreement default: 6 hours for a preservation the console added');
  assert.equal(await mine.getByTestId('policy-source-zh').inputValue(), '协定默认：控制台添加的保全 6 小时');
  assert.match(await mine.getByTestId('policy-warn-unit').innerText(), /minutes/);
  assert.equal(await steps.count(), 3);
  assert.equal(await steps.last().getByTestId('policy-delay').inputValue(), '36');
  assert.match(await steps.last().getByTestId('policy-delay-unit').innerText(), /hours/);
  const published = (await api('GET', '/hotline/policy')).body;
  assert.equal(published.version, 1);
  assert.equal(published.clocks.length, shipped.clocks.length + 1);
  assert.deepEqual(published.clocks.at(-1), {
    clock: 'preserve',
    types: ['*'],
    priorities: ['P2'],
    amount: 6,
    unit: 'hours',
    warn_before_seconds: 2700,
    source: { en: 'agreement default: 6 hours for a preservation the console added', 'zh-CN': '协定默认：控制台添加的保全 6 小时' },
  });
  // The shipped sources are bilingual, show in both boxes and went back as they came.
  const first = shipped.clocks[0];
  assert.equal(typeof first.source, 'object', 'the shipped sources are {en, zh-CN}');
  const firstRow = page.getByTestId('policy-clock').first();
  assert.equal(await firstRow.getByTestId('policy-source').inputValue(), first.source.en);
  assert.equal(await firstRow.getByTestId('policy-source-zh').inputValue(), first.source['zh-CN']);
  assert.deepEqual(published.clocks.slice(0, -1), shipped.clocks, 'the shipped clocks went back as they came');
  assert.deepEqual(published.ladders.find((l) => l.name === 'standard').rules.at(-1), {
    delay_seconds: 129600,
    condition: 'not_acknowledged',
    tier: 3,
    targets: [{ side: 'both', tier: 3 }],
  });
  assert.deepEqual(published.calendar, shipped.calendar, 'the calendar went back as it came');
  assert.deepEqual(published.on_arrival, shipped.on_arrival, 'the arrival pages went back as they came');
  for (const k of ['preservation', 'expiry_warning_days', 'escalation', 'lead_outcome', 'ladder_for_priority']) {
    assert.deepEqual(published[k], shipped[k], `${k} went back as it came`);
  }

  // ---- In Chinese: a bad holiday date is named under the holidays, and nothing is published.
  await switchLanguage(page, 'zh-CN');
  await assertFits(page, 'zh-CN');
  // The Chinese UI shows the Chinese source in its box, named in Chinese.
  const zhBox = mine.getByTestId('policy-source-zh');
  assert.equal(await zhBox.inputValue(), '协定默认：控制台添加的保全 6 小时');
  assert.equal(await zhBox.getAttribute('aria-label'), '中文依据（可选）');
  const holidays = page.getByTestId('policy-holidays');
  const before = await holidays.inputValue();
  await holidays.fill(`${before}, 2026-02-30`);
  await page.getByTestId('policy-publish').click();
  const calendar = page.getByTestId('policy-calendar');
  // The refusal's reason in Chinese, naming the field by its label and the form it wants.
  await eventually(async () =>
    assert.equal((await calendar.getByTestId('policy-field-error').innerText()).trim(), '法定节假日（YYYY-MM-DD，以逗号分隔）格式不正确（应为 YYYY-MM-DD）。'),
  );
  assert.equal(await page.getByTestId('policy-error').count(), 0, 'no alert: the error is under its field');
  assert.equal((await page.getByTestId('policy-version').innerText()).trim(), '已发布，第 1 版');
  assert.equal((await api('GET', '/hotline/policy')).body.version, 1, 'nothing published');
  await assertFits(page, 'zh-CN, with a field error');

  // ---- Remove them again (and fix the date): version 2 is the shipped clocks and steps.
  await holidays.fill(before);
  await mine.getByTestId('policy-clock-remove').click();
  await steps.last().getByTestId('policy-rule-remove').click();
  await page.getByTestId('policy-publish').click();
  await eventually(async () => assert.equal((await page.getByTestId('policy-version').innerText()).trim(), '已发布，第 2 版'));
  const second = (await api('GET', '/hotline/policy')).body;
  assert.deepEqual(second.clocks, shipped.clocks);
  assert.deepEqual(second.ladders, shipped.ladders);
  assert.deepEqual(second.calendar.holidays, shipped.calendar.holidays);
});
