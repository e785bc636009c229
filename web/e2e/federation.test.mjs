// Two real nodes, CN and US, exchanging signed records over mutual TLS. A preservation request
// created and submitted on CN shows "Delivered" in CN's register once US's signed receipt is
// back; US finds it as Incoming and acknowledges it in its console; CN then shows the state
// Acknowledged and a timeline step for the acknowledgement signed by US; CN's Peers page shows
// US green. Every wait polls (eventually / Playwright's auto-waiting); no fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, federationWithBrowser, lastJson, liaison, logIn, newPage, skipReason, switchLanguage } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 20_000;
const TITLE = '保全日志 e2e';
const REQUEST = {
  type: 'preservation',
  priority: 'P1',
  priority_area: 'hacking',
  requested_party: 'US',
  title: { original: TITLE, lang: 'zh-CN', translation: 'Preserve logs e2e', translation_lang: 'en' },
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
const BOTH_ZONES = /Asia\/Shanghai[\s\S]*America\/New_York/;

test('CN ⇄ US: delivery receipt, acknowledgement in the timeline, peer health', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    // CN writes and submits the request with its CLI (the server runs meanwhile).
    const created = lastJson((await liaison(['request', 'create', '--data', cn.dir, '--file', '-'], JSON.stringify(REQUEST))).stdout);
    assert.equal(created.state, 'draft');
    const submitted = lastJson((await liaison(['request', 'transition', '--data', cn.dir, created.id, '--event', 'submit'])).stdout);
    assert.equal(submitted.state, 'submitted');

    // CN's register: Queued until US's signed receipt arrives, then Delivered with its time.
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await cnPage.goto('/requests');  // the home page is My work
    const cnRow = cnPage.getByTestId('register-row').filter({ hasText: TITLE });
    await eventually(async () => {
      assert.equal((await cnRow.getByTestId('delivery-tag').innerText()).trim(), 'Delivered');
    }, WAIT);
    assert.equal(await cnRow.getAttribute('data-id'), created.id);
    assert.match(await cnRow.getByTestId('delivery-receipt').innerText(), BOTH_ZONES);
    assert.equal((await cnRow.getByTestId('register-state').innerText()).trim(), 'Submitted');

    // US's console, another browser context: the request is there as Incoming.
    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    await usPage.goto('/requests');
    await usPage.getByTestId('register-filter-direction').click();
    await usPage.locator('.el-select-dropdown__item:visible', { hasText: 'Incoming' }).click();
    await usPage.waitForURL(/direction=incoming/);
    const usRow = usPage.getByTestId('register-row').filter({ hasText: TITLE });
    await eventually(async () => {
      assert.equal(await usRow.count(), 1);
      assert.match(await usRow.innerText(), /CN → US · Incoming/);
    }, WAIT);

    // US acknowledges it with the action button (its own reference is optional).
    await usRow.getByTestId('register-title').click();
    await usPage.waitForURL(new RegExp(`/requests/${created.id}$`));
    await eventually(async () => assert.equal((await usPage.getByTestId('detail-state').innerText()).trim(), 'Submitted'));
    await usPage.getByTestId('event-acknowledge').click();
    await usPage.getByTestId('event-arg-requested_ref').fill('US-E2E-0001');
    await usPage.getByTestId('event-confirm').click();
    await eventually(async () => assert.equal((await usPage.getByTestId('detail-state').innerText()).trim(), 'Acknowledged'));

    // Back on CN: the detail page follows the ledger and turns Acknowledged by itself.
    await cnRow.getByTestId('register-title').click();
    await cnPage.waitForURL(new RegExp(`/requests/${created.id}$`));
    await eventually(async () => {
      assert.equal((await cnPage.getByTestId('detail-state').innerText()).trim(), 'Acknowledged');
      assert.equal((await cnPage.getByTestId('detail-delivery').getByTestId('delivery-tag').innerText()).trim(), 'Acknowledged');
    }, WAIT);

    // The timeline: created, submitted, received by US (its receipt), acknowledged by US.
    await cnPage.getByRole('tab', { name: 'Timeline' }).click();
    const step = (kind) => cnPage.locator(`[data-testid="timeline-step"][data-step="${kind}"]`);
    await eventually(async () => assert.equal(await step('acknowledged').count(), 1), WAIT);
    const kinds = await cnPage.getByTestId('timeline-step').evaluateAll((els) => els.map((e) => e.dataset.step));
    assert.deepEqual(kinds.slice(0, 4), ['created', 'submitted', 'received', 'acknowledged']);

    const ack = step('acknowledged');
    assert.equal(await ack.getAttribute('data-party'), 'US');
    assert.match(await ack.getByTestId('timeline-who').innerText(), /US/);
    assert.match(await ack.innerText(), BOTH_ZONES);
    assert.match(await ack.getByTestId('timeline-detail').innerText(), /US-E2E-0001/);
    const sig = ack.getByTestId('timeline-signature');
    assert.match(await sig.innerText(), /signed by US · signature valid/);
    assert.equal(await sig.getAttribute('data-valid'), 'true');
    // CN signed for receiving US's acknowledgement.
    await eventually(async () => {
      const receipt = ack.getByTestId('timeline-receipt');
      assert.equal(await receipt.getAttribute('data-by'), 'CN');
      assert.match(await receipt.innerText(), /^received by CN at .*Asia\/Shanghai.*America\/New_York.* \(receipt CN:\d+\)$/s);
    }, WAIT);

    const received = step('received');
    assert.equal(await received.getAttribute('data-party'), 'US');
    assert.match(await received.getByTestId('timeline-signature').innerText(), /signed by US/);
    const submitStep = step('submitted');
    assert.match(await submitStep.getByTestId('timeline-signature').innerText(), /signed by CN · signature valid/);
    assert.match(await submitStep.getByTestId('timeline-receipt').innerText(), /received by US at .* \(receipt US:\d+\)/s);
    assert.equal(await cnPage.getByTestId('timeline-flag').count(), 0, 'no record was flagged');

    // CN's Peers page: US, green (no error, contact within the last minute).
    await cnPage.getByTestId('nav-peers').click();
    await cnPage.waitForURL(/\/peers$/);
    await eventually(async () => {
      assert.equal(await cnPage.getByTestId('peers-row').count(), 1);
      assert.equal(await cnPage.getByTestId('peer-status-US').getAttribute('data-status'), 'green');
    }, WAIT);
    assert.equal((await cnPage.getByTestId('peer-status-US').innerText()).trim(), 'Connected');
    const peerRow = cnPage.getByTestId('peers-row').filter({ hasText: 'US' });
    assert.equal((await peerRow.getByTestId('peer-url').innerText()).trim(), us.identity.url);
    assert.equal(await peerRow.getByTestId('peer-fingerprint').getAttribute('title'), us.identity.tls_fingerprint);
    assert.match(await peerRow.getByTestId('peer-backlog').innerText(), /out 0[\s\S]*in 0/);

    // The administrator sees the (empty) quarantine; the nav speaks Chinese when asked to.
    await cnPage.getByTestId('nav-quarantine').click();
    await cnPage.getByTestId('quarantine-empty').waitFor();
    assert.equal(await cnPage.getByTestId('quarantine-row').count(), 0);
    await switchLanguage(cnPage, 'zh-CN');
    assert.equal((await cnPage.getByTestId('nav-peers').innerText()).trim(), '对端节点');
    await cnPage.getByTestId('nav-peers').click();
    await eventually(async () => assert.equal((await cnPage.getByTestId('peer-status-US').innerText()).trim(), '已连接'), WAIT);
  } catch (e) {
    console.log(`# node output:\n# ${fed.output().split('\n').join('\n# ')}`);
    throw e;
  }
});
