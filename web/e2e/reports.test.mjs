// Two real nodes, CN and US: a request CN sent shows in CN's live Reports dashboard; CN
// publishes the period's report from the console, US's node recomputes and countersigns it by
// itself, and CN's list then shows it *jointly attested*; the PDF downloaded from that row
// carries the attestation (read back with pdftotext when poppler-utils is installed), and US's
// console shows the same state. Every wait polls; no fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { eventually, lastJson, launchBrowser, liaison, logIn, newPage, skipReason, startFederation } from './node.mjs';

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
  const fed = await startFederation();
  t.after(() => fed.stop());
  const { cn, us } = fed;
  const browser = await launchBrowser();
  t.after(() => browser.close());

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
