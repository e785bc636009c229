// Two real nodes, CN and US: a request CN sent shows in CN's live Reports dashboard; CN
// publishes the period's report from the console, US's node recomputes and countersigns it by
// itself, and CN's list then shows it *jointly attested*; the PDF downloaded from that row
// carries the attestation (read back with pdftotext when poppler-utils is installed), and US's
// console shows the same state. Every wait polls; no fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  eventually,
  federationWithBrowser,
  lastJson,
  liaison,
  logIn,
  newPage,
  signedInNode,
  skipReason,
  switchLanguage,
} from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 30_000;
const REQUEST = {
  type: 'preservation',
  priority: 'P1',
  priority_area: 'hacking',
  requested_party: 'US',
  title: { original: '报告 e2e', lang: 'zh-CN', translation: 'Report e2e', translation_lang: 'en' },
  requesting_authority: { original: 'MPS' },
  legal_basis: { original: 'Budapest Art. 29' },
  offence: { original: 'ransomware' },
  data_sought: { original: 'logs' },
  data_link: { original: 'C2 server' },
  custodian: { original: 'Example Hosting' },
  necessity: { original: 'overwritten in 30 days' },
  mla_to_follow: true,
  data_categories: ['traffic'],
  identifiers: [{ kind: 'ipv4', value: '203.0.113.45', port: 443 }],
};

function pdfText(file) {
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/pdftotext', ['-layout', file, '-'], (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
}

test('CN publishes a report in the console; after US countersigns it is jointly attested, PDF included', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    const created = lastJson((await liaison(['request', 'create', '--data', cn.dir, '--file', '-'], JSON.stringify(REQUEST))).stdout);
    await liaison(['request', 'transition', '--data', cn.dir, created.id, '--event', 'submit']);

    // CN's live dashboard: this quarter, both directions side by side.
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await cnPage.getByTestId('nav-reports').click();
    await cnPage.waitForURL(/\/reports/);
    const card = (dir) => cnPage.locator(`[data-testid="reports-headline"][data-direction="${dir}"]`);
    await eventually(async () => {
      assert.match(await card('CN->US').innerText(), /Submitted\s*1/);
      assert.match(await card('US->CN').innerText(), /Submitted\s*0/);
    }, WAIT);
    // Nothing was assessed: the rubric chart says so.
    assert.match(await cnPage.getByTestId('reports-chart-rubric').innerText(), /No data yet/);

    // Publish: the list opens on the new report, which US's node attests by itself.
    await cnPage.getByTestId('reports-publish').click();
    // (The notice stays on the dashboard tab; the published tab is shown.)
    await cnPage.getByTestId('reports-notice').waitFor({ state: 'attached' });
    const id = /Report (\S+) published/.exec(await cnPage.getByTestId('reports-notice').textContent())[1];
    await cnPage.waitForURL(/tab=published/);
    const row = cnPage.locator(`[data-testid="report-row"][data-id="${id}"]`);
    await eventually(async () => assert.equal(await row.getAttribute('data-state'), 'jointly_attested'), WAIT);
    assert.equal((await row.getByTestId('report-state-jointly_attested').innerText()).trim(), 'Jointly attested');

    // Its details show both parties' key fingerprints.
    await row.getByTestId('report-show').click();
    const fps = await cnPage.getByTestId('report-signatures').locator('[data-test="fingerprint"]').allInnerTexts();
    assert.equal(fps.length, 2);
    for (const fp of fps) assert.match(fp.trim(), /^[0-9a-f]{32}$/);

    // The PDF from the row.
    const [download] = await Promise.all([cnPage.waitForEvent('download'), row.getByTestId('report-download-pdf').click()]);
    assert.equal(download.suggestedFilename(), `report-${id}.pdf`);
    const file = await download.path();
    assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    if (existsSync('/usr/bin/pdftotext')) {
      const text = await pdfText(file);
      assert.match(text, /双方共同认证 \/ Jointly attested/);
      for (const fp of fps) assert.ok(text.includes(fp.trim()), `the PDF names fingerprint ${fp}`);
    } else {
      console.log('# pdftotext (poppler-utils) not installed: the PDF text is not checked');
    }

    // US's console shows the same report jointly attested.
    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    await usPage.goto('/reports?tab=published');
    const usRow = usPage.locator(`[data-testid="report-row"][data-id="${id}"]`);
    await eventually(async () => assert.equal(await usRow.getAttribute('data-state'), 'jointly_attested'), WAIT);
  } catch (e) {
    console.log(`# ${fed.output().split('\n').slice(-60).join('\n# ')}`);
    throw e;
  }
});

// Issue 17: a native date input follows Chromium's UI locale (mm/dd/yyyy under en-US) whatever
// the console's language. In Chinese, on an en-US browser, the reports' period and on-call's
// "查询时间" show the console's YYYY-MM-DD (HH:mm) form, read what is typed in it, and say the
// format when something else is left in the box.
test('dates read YYYY-MM-DD in Chinese on an English browser: reports period and on-call time', { skip, timeout: 120_000 }, async (t) => {
  const { page } = await signedInNode(t);
  await switchLanguage(page, 'zh-CN');
  await page.goto('/reports');
  const from = page.getByTestId('reports-from');
  const to = page.getByTestId('reports-to');
  await from.waitFor();
  assert.equal(await from.getAttribute('type'), 'text');
  assert.equal(await from.getAttribute('placeholder'), 'YYYY-MM-DD');
  const year = String(new Date().getUTCFullYear());
  assert.match(await from.inputValue(), new RegExp(`^${year}-\\d{2}-01$`));
  assert.match(await to.inputValue(), new RegExp(`^${year}-\\d{2}-\\d{2}$`));

  // What is typed is read in the same form (slashes and one digit too) and written out in full.
  await from.fill('2026/1/5');
  await from.blur();
  assert.equal(await from.inputValue(), '2026-01-05');
  // Something that is not a date turns the box red and says the format, in Chinese.
  await to.fill('12/31/2026');
  await to.blur();
  assert.match(await page.getByTestId('date-input-error').innerText(), /请按 YYYY-MM-DD 格式填写/);
  await to.fill('2026-12-31');
  await to.blur();
  assert.equal(await page.getByTestId('date-input-error').count(), 0);

  // On call now at a chosen time: "YYYY-MM-DD HH:mm".
  await page.goto('/hotline?tab=oncall');
  const at = page.getByTestId('oncall-at');
  await at.waitFor();
  assert.equal(await at.getAttribute('placeholder'), 'YYYY-MM-DD HH:mm');
  await at.fill('2026-11-05T13:50');
  await at.blur();
  assert.equal(await at.inputValue(), '2026-11-05 13:50');
});
