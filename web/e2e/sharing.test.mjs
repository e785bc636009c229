// Indicator sharing between two real nodes. CN publishes a set to the US through the console's
// "Publish set" dialog; the US sees it on its Indicators page; a log swept on the US node
// (`liaison sweep`) sights both indicators; CN's set detail shows the sightings (2 for the IP)
// and the Effectiveness card; the US marks the domain sighting a false positive in its console
// and CN's false-positive count becomes 1. Every wait is Playwright's auto-wait (or a locator
// wait with a timeout); no fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { federationWithBrowser, liaison, logIn, newPage, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 30_000;
const NAME = 'Ransomware C2 e2e';
const IP = '203.0.113.5';
const DOMAIN = 'evil.example.com';

test('CN → US: publish a set, sightings from a sweep, effectiveness and false-positive feedback', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);
  const logDir = mkdtempSync(path.join(tmpdir(), 'liaison-e2e-log-'));
  t.after(() => rmSync(logDir, { recursive: true, force: true }));

  try {
    // CN publishes the set with the dialog.
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await cnPage.getByTestId('nav-indicators').click();
    await cnPage.waitForURL(/\/indicators$/);
    await cnPage.getByTestId('publish-open').click();
    await cnPage.getByTestId('publish-name').fill(NAME);
    await cnPage.getByTestId('publish-indicators').fill(`${IP}\n${DOMAIN}\n`);
    // TLP:RED without recipients: the server's field error shows under the recipients.
    await cnPage.getByTestId('publish-tlp').click();
    await cnPage.locator('.el-select-dropdown__item:visible', { hasText: 'TLP:RED' }).click();
    await cnPage.getByTestId('publish-submit').click();
    await cnPage.getByTestId('publish-error-recipients').waitFor();
    await cnPage.getByTestId('publish-tlp').click();
    await cnPage.locator('.el-select-dropdown__item:visible', { hasText: 'TLP:GREEN' }).click();
    await cnPage.getByTestId('publish-recipients').click();
    await cnPage.locator('.el-select-dropdown__item:visible', { hasText: 'US' }).click();
    await cnPage.getByTestId('publish-submit').click();
    const cnRow = cnPage.getByTestId('set-row').filter({ hasText: NAME });
    await cnRow.waitFor();
    assert.equal((await cnRow.getByTestId('set-count').innerText()).trim(), '2');
    assert.equal((await cnRow.getByTestId('set-recipients').innerText()).trim(), 'US');
    assert.equal(await cnRow.getByTestId('tlp-tag').getAttribute('data-tlp'), 'green');
    assert.match(await cnRow.innerText(), /Asia\/Shanghai[\s\S]*America\/New_York/);
    const setId = await cnRow.getAttribute('data-id');
    assert.ok(setId);

    // The US sees it on its Indicators page once replicated (the list reloads by itself).
    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    await usPage.getByTestId('nav-indicators').click();
    const usRow = usPage.getByTestId('set-row').filter({ hasText: NAME });
    await usRow.waitFor({ timeout: WAIT });
    assert.equal((await usRow.getByTestId('set-publisher').innerText()).split('\n')[0].trim(), 'CN');

    // A log swept on the US node: the IP twice, a host under the domain once.
    const logFile = path.join(logDir, 'fw.log');
    writeFileSync(logFile, `dst=${IP}\ndst=${IP}\nhost=www.${DOMAIN}\n`);
    await liaison(['sweep', '--data', us.dir, logFile]);

    // CN's detail page: the sightings arrive, 2 hits for the IP, and the Effectiveness card.
    await cnRow.getByTestId('set-name').click();
    await cnPage.waitForURL(new RegExp(`/indicators/${encodeURIComponent(setId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    const cnIpRow = cnPage.locator(`[data-testid="sighting-row"][data-indicator="${IP}"]`);
    await cnIpRow.getByTestId('sighting-count').filter({ hasText: /^\s*2\s*$/ }).waitFor({ timeout: WAIT });
    await cnPage.locator(`[data-testid="sighting-row"][data-indicator="${DOMAIN}"]`).waitFor({ timeout: WAIT });
    const eff = cnPage.getByTestId('effectiveness');
    await eff.waitFor();
    await eff.getByTestId('eff-share').filter({ hasText: '100.0%' }).waitFor({ timeout: WAIT });
    assert.equal((await eff.getByTestId('eff-false-positives').innerText()).trim(), '0');
    await eff.locator('[data-testid="eff-party-row"][data-party="US"]').waitFor();

    // The US marks the domain sighting a false positive in its console.
    await usRow.getByTestId('set-name').click();
    const usDomainRow = usPage.locator(`[data-testid="sighting-row"][data-indicator="${DOMAIN}"]`);
    await usDomainRow.waitFor({ timeout: WAIT });
    const sightingId = await usDomainRow.getAttribute('data-id');
    const form = usPage.getByTestId(`feedback-${sightingId.replace(/:/g, '_')}`);
    assert.equal(await form.getAttribute('data-disabled'), 'false');
    await form.getByTestId('feedback-false-positive').click();
    await form.getByTestId('feedback-action').click();
    await usPage.locator('.el-select-dropdown__item:visible', { hasText: 'Blocked' }).click();
    await form.getByTestId('feedback-note').fill('sinkholed CDN address');
    await form.getByTestId('feedback-submit').click();
    await form.getByTestId('feedback-at').waitFor({ timeout: WAIT });

    // CN's Effectiveness card follows: one false positive.
    await eff.getByTestId('eff-false-positives').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT });
    await eff.getByTestId('eff-fp-rate').filter({ hasText: '50.0%' }).waitFor({ timeout: WAIT });
  } catch (e) {
    console.log(`# node output:\n# ${fed.output().split('\n').slice(-60).join('\n# ')}`);
    throw e;
  }
});
