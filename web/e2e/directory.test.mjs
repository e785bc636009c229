// The 24/7 point-of-contact directory end to end. One real node (CN, with the US as a party).
// Its administrator creates the liaison officer `officer1` and two directory entries through
// the API: one last verified on 2025-01-01 (long past the default 90 days: stale) and one
// verified three days ago. officer1 opens the Directory page: the old entry carries the stale
// tag, the fresh one does not; "only stale" lists the old one alone; "Verified now" on it makes
// it fresh in the page and through GET /contacts. Every wait polls (eventually / Playwright's
// auto-waiting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, apiFrom, eventually, launchBrowser, logIn, newPage, skipReason, startNode } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 15_000;
const OFFICER = { username: 'officer1', password: 'officer1-e2e-passphrase' };
const DAY_MS = 24 * 60 * 60 * 1000;

test('directory: a stale entry is flagged, filtered and verified in the console', { skip, timeout: 90_000 }, async (t) => {
  const node = await startNode();
  t.after(() => node.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());

  try {
    // ---- set-up as the administrator, through the API ----
    const adminPage = await newPage(browser, node.baseUrl, 'en-US');
    await logIn(adminPage, node);
    const admin = apiFrom(adminPage);

    await addUser(admin, OFFICER, 'liaison_officer', 'Liaison officer');

    const recently = new Date(Date.now() - 3 * DAY_MS).toISOString();
    const old = await admin('POST', '/contacts', {
      party: 'US',
      name: 'Old Entry',
      organisation: 'US Liaison Office',
      tier: 2,
      timezone: 'America/New_York',
      languages: ['en'],
      channels: [{ kind: 'email', value: 'old@example.org' }],
      last_verified: '2025-01-01T00:00:00Z',
    });
    assert.equal(old.status, 201, JSON.stringify(old.body));
    assert.equal(old.body.stale, true, JSON.stringify(old.body));
    const fresh = await admin('POST', '/contacts', {
      party: 'CN',
      name: 'Fresh Entry',
      organisation: 'CN National Cybercrime Centre',
      tier: 1,
      timezone: 'Asia/Shanghai',
      languages: ['zh-CN', 'en'],
      channels: [
        { kind: 'phone', value: '+86 10 0000 0000' },
        { kind: 'signal', value: '+86 10 0000 0001' },
      ],
      last_verified: recently,
    });
    assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
    assert.equal(fresh.body.stale, false, JSON.stringify(fresh.body));
    const oldId = old.body.id;
    const freshId = fresh.body.id;
    assert.ok(oldId && freshId && oldId !== freshId, 'both entries have ids');

    // ---- officer1 in the console ----
    const page = await newPage(browser, node.baseUrl, 'en-US');
    await logIn(page, OFFICER);
    await page.getByTestId('nav-directory').click();
    await page.waitForURL(/\/directory/);
    await page.getByTestId('directory-table').waitFor();

    const oldRow = page.locator(`[data-testid="directory-row"][data-id="${oldId}"]`);
    const freshRow = page.locator(`[data-testid="directory-row"][data-id="${freshId}"]`);
    await oldRow.waitFor({ timeout: WAIT });
    await freshRow.waitFor({ timeout: WAIT });

    // The old entry is stale (tag, due date, listed first); the fresh one is verified.
    assert.equal(await oldRow.getAttribute('data-stale'), 'true');
    assert.equal(await oldRow.getByTestId('directory-stale-tag').count(), 1);
    assert.match(await oldRow.getByTestId('directory-status').innerText(), /stale[\s\S]*due 2025-0[34]-\d\d/);
    assert.match(await oldRow.innerText(), /US Liaison Office[\s\S]*Old Entry[\s\S]*America\/New_York[\s\S]*English[\s\S]*email: old@example\.org/);
    assert.equal(await freshRow.getAttribute('data-stale'), 'false');
    assert.equal(await freshRow.getByTestId('directory-stale-tag').count(), 0);
    assert.match(await freshRow.getByTestId('directory-status').innerText(), /verified/);
    assert.match(await freshRow.innerText(), /phone: \+86 10 0000 0000[\s\S]*Signal: \+86 10 0000 0001/);
    const ids = await page.getByTestId('directory-row').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    assert.deepEqual(ids, [oldId, freshId]);

    // "Only stale": the fresh entry goes, the old one stays.
    await page.getByTestId('directory-only-stale').click();
    await freshRow.waitFor({ state: 'detached', timeout: WAIT });
    await eventually(async () => {
      const listed = await page.getByTestId('directory-row').evaluateAll((rows) => rows.map((r) => r.dataset.id));
      assert.deepEqual(listed, [oldId]);
    }, WAIT);

    // "Verified now" on the old entry: a success message, then it is no longer stale (and so
    // leaves the stale-only list).
    await oldRow.getByTestId('directory-verify').click();
    await page.locator('.el-message--success').waitFor({ timeout: WAIT });
    await oldRow.waitFor({ state: 'detached', timeout: WAIT });
    await page.getByTestId('directory-empty').waitFor({ timeout: WAIT });

    // Back to every entry: both verified, no stale tag left.
    await page.getByTestId('directory-only-stale').click();
    await oldRow.waitFor({ timeout: WAIT });
    await eventually(async () => {
      assert.equal(await oldRow.getAttribute('data-stale'), 'false');
      assert.equal(await page.getByTestId('directory-stale-tag').count(), 0);
      assert.equal(await page.locator('[data-testid="directory-row"][data-stale="true"]').count(), 0);
    }, WAIT);
    assert.notEqual((await oldRow.getByTestId('directory-last-verified').innerText()).trim(), 'never');

    // The server agrees.
    const api = apiFrom(page);
    const list = await api('GET', '/contacts');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const e = list.body.items.find((x) => x.id === oldId);
    assert.ok(e, `entry ${oldId} in the list`);
    assert.equal(e.stale, false);
    assert.ok(e.last_verified, 'last_verified is set');
    assert.ok(Date.parse(e.last_verified) > Date.parse('2026-01-01T00:00:00Z'), `last_verified ${e.last_verified} is recent`);
    assert.ok(e.verify_by && Date.parse(e.verify_by) > Date.now(), `verify_by ${e.verify_by} is ahead`);
    const stale = await api('GET', '/contacts?stale=true');
    assert.equal(stale.status, 200, JSON.stringify(stale.body));
    assert.deepEqual(stale.body.items.map((x) => x.id), []);
  } catch (e) {
    console.log(`# node output:\n# ${node.output().split('\n').slice(-80).join('\n# ')}`);
    throw e;
  }
});
