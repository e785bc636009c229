// Issue 14, files cross: a file uploaded on CN's console shows on US's as Arriving (with its
// progress), then Received once US has verified the bytes against the signed SHA-256; the
// download on US gives the same bytes, and CN shows the file Delivered with US's signed
// receipt in its chain of custody. The transfer is held after its first range by the
// test-only switch LIAISON_TEST_BLOB_HOLD (a file whose presence stands for a dropped link),
// so "Arriving" is seen without depending on speed; removing the file lets it finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, federationWithBrowser, lastJson, liaison, logIn, newPage, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 45_000;
const REQUEST = {
  type: 'preservation',
  priority: 'P1',
  priority_area: 'hacking',
  requested_party: 'US',
  title: { original: 'Files cross e2e' },
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

test('CN uploads, US sees Arriving then Received, and downloads the same bytes', { skip, timeout: 300_000 }, async (t) => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'liaison-e2e-blob-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const hold = path.join(scratch, 'hold');
  writeFileSync(hold, 'held');
  process.env.LIAISON_TEST_BLOB_HOLD = hold;
  const { fed, cn, us, browser } = await federationWithBrowser(t);
  delete process.env.LIAISON_TEST_BLOB_HOLD;

  try {
    const created = lastJson((await liaison(['request', 'create', '--data', cn.dir, '--file', '-'], JSON.stringify(REQUEST))).stdout);
    lastJson((await liaison(['request', 'transition', '--data', cn.dir, created.id, '--event', 'submit'])).stdout);

    // 40 MiB: the first 16 MiB range crosses, then the link is "down".
    const bytes = randomBytes(40 * 1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await cnPage.goto(`/requests/${created.id}`);
    await cnPage.getByRole('tab', { name: /Attachments/ }).click();
    const file = path.join(scratch, 'capture.pcap');
    writeFileSync(file, bytes);
    await cnPage.getByTestId('attachment-input').setInputFiles(file);
    const cnRow = cnPage.getByTestId('attachment').filter({ hasText: 'capture.pcap' });
    await eventually(async () => assert.equal(await cnRow.count(), 1), WAIT);

    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    await eventually(async () => {
      await usPage.goto(`/requests/${created.id}`);
      await usPage.getByRole('tab', { name: /Attachments \(1\)/ }).click({ timeout: 2000 });
    }, WAIT);
    const usRow = usPage.getByTestId('attachment').filter({ hasText: 'capture.pcap' });
    await eventually(async () => {
      assert.equal((await usRow.getByTestId('transfer-state').innerText()).trim(), 'Arriving');
      assert.match(await usRow.innerText(), /16\.0 MiB of 40\.0 MiB/);
    }, WAIT);
    assert.equal(await usRow.getByTestId('attachment-download').count(), 0, 'no download before the bytes are in');
    assert.equal(await usRow.getByTestId('transfer-progress').getAttribute('aria-valuenow'), '40');

    // The link comes back: the transfer resumes and the page turns Received by itself.
    rmSync(hold);
    await eventually(async () => assert.equal((await usRow.getByTestId('transfer-state').innerText()).trim(), 'Received'), WAIT);

    const [download] = await Promise.all([usPage.waitForEvent('download'), usRow.getByTestId('attachment-download').click()]);
    assert.equal(download.suggestedFilename(), 'capture.pcap');
    const got = readFileSync(await download.path());
    assert.equal(got.length, bytes.length);
    assert.equal(createHash('sha256').update(got).digest('hex'), sha);

    // CN: Delivered, and the chain of custody shows US's signed receipt and download.
    await eventually(async () => {
      assert.equal((await cnRow.getByTestId('transfer-state').innerText()).trim(), 'Delivered');
    }, WAIT);
    await eventually(async () => {
      await cnPage.reload();
      await cnPage.getByRole('tab', { name: /Attachments/ }).click();
      await cnPage.locator('.custody-row summary').click();
      const custody = cnPage.getByTestId('custody');
      const actions = await custody.locator('li').evaluateAll((els) => els.map((e) => e.dataset.action));
      assert.deepEqual(actions, ['attached', 'sent', 'received', 'downloaded']);
      assert.match(await custody.locator('li[data-action="received"]').innerText(), /US\/system: received \(signed receipt\)/);
    }, WAIT);
  } catch (e) {
    console.log(`# node output:\n# ${fed.output().split('\n').join('\n# ')}`);
    throw e;
  }
});
