// The emergency path end to end (docs/HOTLINE.md, "Paging on arrival"). Two real nodes. CN
// submits a P0 preservation request to US with its CLI. On US, every signed-in user sees the
// incoming-emergency banner on whatever page they are: the administrator on the register and
// a liaison officer on the Indicators page in Chinese. The officer acknowledges it from the
// banner; the banner goes on both pages and the request is acknowledged (API and CN's node).
// Every wait polls (eventually / Playwright's auto-waiting); no fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUser,
  apiFrom,
  eventually,
  federationWithBrowser,
  lastJson,
  liaison,
  logIn,
  newPage,
  skipReason,
  switchLanguage,
} from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 20_000;
const TITLE = 'Preserve the ransomware C2 logs (P0 e2e)';
const REQUEST = {
  type: 'preservation',
  priority: 'P0',
  priority_area: 'hacking',
  requested_party: 'US',
  title: { original: TITLE, lang: 'en' },
  requesting_authority: { original: 'MPS' },
  legal_basis: { original: 'Budapest Art. 29' },
  offence: { original: 'ransomware' },
  data_sought: { original: 'logs' },
  data_link: { original: 'C2 server' },
  custodian: { original: 'Example Hosting' },
  necessity: { original: 'overwritten in hours' },
  mla_to_follow: true,
  data_categories: ['traffic'],
  identifiers: [{ kind: 'ipv4', value: '203.0.113.45', port: 443 }],
};
const OFFICER = { username: 'duty1', password: 'duty1-e2e-passphrase' };

test('emergency: the incoming-emergency banner shows on US for everyone and goes when acknowledged', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    // Two people signed in on US before anything arrives: no banner yet.
    const adminPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(adminPage, us);
    await addUser(apiFrom(adminPage), OFFICER, 'liaison_officer', 'Duty officer');
    const officerPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(officerPage, OFFICER);
    await switchLanguage(officerPage, 'zh-CN');
    await officerPage.getByTestId('nav-indicators').click();
    await officerPage.waitForURL(/\/indicators/);
    assert.equal(await adminPage.getByTestId('emergency-banner').count(), 0);
    assert.equal(await officerPage.getByTestId('emergency-banner').count(), 0);

    const created = lastJson((await liaison(['request', 'create', '--data', cn.dir, '--file', '-'], JSON.stringify(REQUEST))).stdout);
    await liaison(['request', 'transition', '--data', cn.dir, created.id, '--event', 'submit']);

    // The banner appears on both pages, without navigating (the console polls).
    for (const page of [adminPage, officerPage]) {
      const item = page.locator(`[data-testid="emergency-item"][data-id="${created.id}"]`);
      await item.waitFor({ timeout: WAIT });
      assert.match(await item.innerText(), /P0/);
      assert.match(await item.getByTestId('emergency-open').innerText(), /Preserve the ransomware C2 logs/);
    }
    assert.match(await adminPage.getByTestId('emergency-banner').innerText(), /Incoming emergency: 1 request/);
    assert.match(await officerPage.getByTestId('emergency-banner').innerText(), /紧急请求到达：1 项请求/);
    assert.match(await officerPage.getByTestId('emergency-item').innerText(), /来自 CN/);
    // US's engine handled the arrival at once; with no roster here nobody is on call, and
    // the banner says so.
    await eventually(async () => {
      assert.match(await adminPage.getByTestId('emergency-paged').innerText(), /Nobody is on call/);
    }, WAIT);
    // It stays on every page: the admin moves to the hotline page and still sees it.
    await adminPage.getByTestId('nav-hotline').click();
    await adminPage.waitForURL(/\/hotline/);
    assert.equal(await adminPage.getByTestId('emergency-item').count(), 1);

    // The officer acknowledges it from the banner: it goes on both pages.
    await officerPage.getByTestId('emergency-ack').click();
    await officerPage.getByTestId('emergency-banner').waitFor({ state: 'detached', timeout: WAIT });
    await adminPage.getByTestId('emergency-banner').waitFor({ state: 'detached', timeout: WAIT });

    const admin = apiFrom(adminPage);
    const doc = await admin('GET', `/requests/${created.id}`);
    assert.equal(doc.status, 200);
    assert.equal(doc.body.state, 'acknowledged');
    assert.deepEqual((await admin('GET', '/hotline/emergencies')).body, { items: [], total: 0, page: 1, per_page: 0, written_confirmations: [] });
    // The acknowledgement is the request's signed event: CN's node sees it too.
    await eventually(async () => {
      const shown = lastJson((await liaison(['request', 'show', '--data', cn.dir, created.id, '--json'])).stdout);
      assert.equal(shown.state, 'acknowledged');
    }, WAIT);
  } catch (e) {
    console.log(fed.output().split('\n').map((l) => `# ${l}`).join('\n'));
    throw e;
  }
});

// Oral first, written later: US's officer logs the call from the Hotline log tab; the request
// opens on US at once with the written confirmation due; on CN the same request shows the
// reminder and its clock, and CN completes and confirms it in writing from its page; both
// sides then show it confirmed.
test('emergency: a telephoned request opens on US and CN confirms it in writing', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    await usPage.goto('/hotline?tab=log');
    await usPage.getByTestId('oral-new').click();
    await usPage.getByTestId('oral-caller-name').fill('Inspector Wang');
    await usPage.getByTestId('oral-caller-phone').fill('+861066262114');
    await usPage.getByTestId('oral-title').fill('Preserve the C2 logs (telephoned)');
    await usPage.getByTestId('oral-summary-input').fill('Asked to preserve the logs of 203.0.113.45 at once');
    await usPage.getByTestId('oral-identifier-0').fill('203.0.113.45');
    await usPage.getByTestId('oral-submit').click();
    await usPage.waitForURL(/\/requests\/[0-9a-f-]+$/);
    const id = usPage.url().split('/').pop();
    await eventually(async () => assert.equal((await usPage.getByTestId('detail-state').innerText()).trim(), 'Acknowledged'));
    assert.equal(await usPage.getByTestId('oral-panel').getAttribute('data-written'), 'due');
    assert.match(await usPage.getByTestId('oral-caller').innerText(), /Inspector Wang \(CN\)/);
    assert.match(await usPage.getByTestId('oral-due').innerText(), /Asia\/Shanghai|America\/New_York/);
    assert.equal(await usPage.getByTestId('oral-confirm').count(), 0, 'only the requester confirms');

    // CN: the request arrived with the reminder and the same clock; CN confirms it.
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await eventually(async () => {
      await cnPage.goto(`/requests/${id}`);
      await cnPage.getByTestId('oral-panel').waitFor({ timeout: 2000 });
    }, WAIT);
    assert.equal(await cnPage.getByTestId('oral-panel').getAttribute('data-written'), 'due');
    // CN's console reminds everyone signed in of it, on every page.
    const owed = cnPage.locator(`[data-testid="written-item"][data-id="${id}"]`);
    await owed.waitFor({ timeout: WAIT });
    assert.equal(await owed.getAttribute('data-state'), 'running');
    assert.match(await owed.innerText(), /Written confirmation due[\s\S]*telephoned to US/);
    assert.equal(await usPage.getByTestId('written-banner').count(), 0, 'not a reminder for the requested party');
    // The same due time (each side lists its own zone first).
    const zonesOf = async (page) => (await page.getByTestId('oral-due').innerText()).split(' · ').map((s) => s.trim()).sort();
    assert.deepEqual(await zonesOf(cnPage), await zonesOf(usPage));
    await cnPage.getByTestId('oral-confirm').click();
    // Sending it incomplete is refused, naming what is missing.
    await cnPage.getByTestId('oral-confirm-send').click();
    await cnPage.getByTestId('oral-confirm-error').waitFor();
    for (const f of ['requesting_authority', 'offence', 'data_sought', 'data_link', 'custodian', 'necessity']) {
      await cnPage.getByTestId(`oral-field-${f}`).fill(`e2e ${f}`);
    }
    await cnPage.getByTestId('oral-note').fill('MPS letter 2026-118');
    await cnPage.getByTestId('oral-confirm-send').click();
    await eventually(async () => assert.equal(await cnPage.getByTestId('oral-panel').getAttribute('data-written'), 'confirmed'), WAIT);
    await cnPage.getByTestId('written-banner').waitFor({ state: 'detached', timeout: WAIT });
    // US follows the ledger: confirmed there too.
    await eventually(async () => {
      await usPage.reload();
      await usPage.getByTestId('oral-panel').waitFor({ timeout: 2000 });
      assert.equal(await usPage.getByTestId('oral-panel').getAttribute('data-written'), 'confirmed');
    }, WAIT);
    assert.match(await usPage.getByTestId('detail-offence').innerText(), /e2e offence/);
  } catch (e) {
    console.log(fed.output().split('\n').map((l) => `# ${l}`).join('\n'));
    throw e;
  }
});
