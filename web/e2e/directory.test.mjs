// The 24/7 point-of-contact directory end to end. First one real node (CN, with the US as a
// party). Its administrator creates the liaison officer `officer1` and two of CN's directory
// entries through the API: one last verified on 2025-01-01 (long past the default 90 days:
// stale; a CN officer posted in Washington) and one verified three days ago. officer1 opens the Directory page: the old entry carries the stale
// tag, the fresh one does not; "only stale" lists the old one alone; "Verified now" on it makes
// it fresh in the page and through GET /contacts. Every wait polls (eventually / Playwright's
// auto-waiting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUser,
  apiFrom,
  eventually,
  federationWithBrowser,
  logIn,
  newPage,
  signedInNode,
  skipReason,
  switchLanguage,
} from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 15_000;
const OFFICER = { username: 'officer1', password: 'officer1-e2e-passphrase' };
const DAY_MS = 24 * 60 * 60 * 1000;

test('directory: a stale entry is flagged, filtered and verified in the console', { skip, timeout: 90_000 }, async (t) => {
  const { node, browser, api: admin } = await signedInNode(t);

  try {
    // ---- set-up as the administrator, through the API ----

    await addUser(admin, OFFICER, 'liaison_officer', 'Liaison officer');

    const recently = new Date(Date.now() - 3 * DAY_MS).toISOString();
    const old = await admin('POST', '/contacts', {
      party: 'CN',
      name: 'Old Entry',
      organisation: 'Liaison Office Washington',
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
    assert.match(await oldRow.innerText(), /Old Entry[\s\S]*Liaison Office Washington[\s\S]*America\/New_York[\s\S]*English[\s\S]*email: old@example\.org/);
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

// Issue 14, two real nodes: CN's administrator adds an entry in the console, edits it and
// records a check; US's console shows it read-only (no Edit, Retire or Verify; "read-only")
// with the same last-confirmed time, in English and in Chinese; US's API refuses to change it
// (403 naming party). CN retires it in the console; it leaves US's directory and shows there
// as retired with "Show retired".
test('directory: CN adds, edits and retires its entry in the console; US sees it read-only', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    // ---- CN: add, edit and confirm in the console ----
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await cnPage.getByTestId('nav-directory').click();
    await cnPage.getByTestId('directory-table').waitFor();
    await cnPage.getByTestId('directory-add').click();
    const dialog = cnPage.getByTestId('directory-dialog');
    await dialog.waitFor();
    // A bad time zone is refused under its field, and nothing is created.
    await cnPage.getByTestId('directory-form-name').fill('王伟 Wang Wei');
    await cnPage.getByTestId('directory-form-organisation').fill('MPS Cybersecurity Bureau');
    await cnPage.getByTestId('directory-form-timezone').fill('Nowhere/City');
    await cnPage.getByTestId('directory-form-languages').fill('zh-CN, en');
    await cnPage.getByTestId('directory-form-channels').fill('phone: +86 10 1234 5678\nemail: duty@cn.example');
    await cnPage.getByTestId('directory-form-save').click();
    await cnPage.getByTestId('directory-error-timezone').waitFor({ timeout: WAIT });
    await cnPage.getByTestId('directory-form-timezone').fill('Asia/Shanghai');
    await cnPage.getByTestId('directory-form-save').click();
    await cnPage.locator('.el-message--success').first().waitFor({ timeout: WAIT });

    const cnApi = apiFrom(cnPage);
    const mine = (await cnApi('GET', '/contacts')).body.items.find((x) => x.name === '王伟 Wang Wei');
    assert.ok(mine, 'the entry is listed on CN');
    assert.equal(mine.party, 'CN');
    assert.equal(mine.editable, true);
    const id = mine.id;
    const cnRow = cnPage.locator(`[data-testid="directory-row"][data-id="${id}"]`);
    await cnRow.waitFor({ timeout: WAIT });
    assert.equal(await cnRow.getAttribute('data-editable'), 'true');

    await cnRow.getByTestId('directory-edit').click();
    await dialog.waitFor();
    assert.equal(await cnPage.getByTestId('directory-form-name').inputValue(), '王伟 Wang Wei');
    await cnPage.getByTestId('directory-form-tier-2').click();
    await cnPage.getByTestId('directory-form-save').click();
    await eventually(async () => assert.equal(await cnRow.getAttribute('data-tier'), '2'), WAIT);

    await cnRow.getByTestId('directory-verify').click();
    await eventually(async () => assert.equal(await cnRow.getAttribute('data-stale'), 'false'), WAIT);
    const confirmed = (await cnApi('GET', `/contacts/${id}`)).body.last_verified;
    assert.ok(Date.parse(confirmed) > Date.now() - 10 * 60_000, `last_verified ${confirmed} is now`);

    // ---- US: the same entry, read-only, with CN's last-confirmed time ----
    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    const usApi = apiFrom(usPage);
    await eventually(async () => {
      const e = (await usApi('GET', `/contacts/${id}`)).body;
      assert.equal(e.last_verified, confirmed, JSON.stringify(e));
      assert.equal(e.tier, 2);
    }, WAIT);
    await usPage.getByTestId('nav-directory').click();
    const usRow = usPage.locator(`[data-testid="directory-row"][data-id="${id}"]`);
    await usRow.waitFor({ timeout: WAIT });
    assert.equal(await usRow.getAttribute('data-editable'), 'false');
    assert.equal(await usRow.getAttribute('data-party'), 'CN');
    assert.equal(await usRow.getByTestId('directory-edit').count(), 0);
    assert.equal(await usRow.getByTestId('directory-retire').count(), 0);
    assert.equal(await usRow.getByTestId('directory-verify').count(), 0);
    assert.match(await usRow.getByTestId('directory-readonly').innerText(), /read-only/);
    assert.match(await usRow.innerText(), /王伟 Wang Wei[\s\S]*MPS Cybersecurity Bureau[\s\S]*phone: \+86 10 1234 5678/);
    assert.match(await usRow.getByTestId('directory-last-verified').innerText(), /\d\d:\d\d/);
    assert.equal(await usRow.getByTestId('directory-stale-tag').count(), 0);
    await switchLanguage(usPage, 'zh-CN');
    assert.match(await usRow.getByTestId('directory-readonly').innerText(), /只读/);
    assert.match(await usRow.getByTestId('directory-status').innerText(), /已确认/);
    await switchLanguage(usPage, 'en');

    const refused = await usApi('PATCH', `/contacts/${id}`, { name: 'Someone else' });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error.field, 'party');

    // ---- CN retires it in the console; US's directory follows ----
    await cnRow.getByTestId('directory-retire').click();
    await cnPage.getByTestId('directory-retire-dialog').waitFor();
    await cnPage.getByTestId('directory-retire-reason').fill('moved to another unit');
    await cnPage.getByTestId('directory-retire-confirm').click();
    await cnRow.waitFor({ state: 'detached', timeout: WAIT });

    await eventually(async () => {
      await usPage.getByTestId('directory-refresh').click();
      assert.equal(await usRow.count(), 0);
    }, WAIT);
    await usPage.getByTestId('directory-show-retired').click();
    await usRow.waitFor({ timeout: WAIT });
    assert.equal(await usRow.getAttribute('data-retired'), 'true');
    await usRow.getByTestId('directory-retired-tag').waitFor();
    const gone = (await usApi('GET', `/contacts/${id}`)).body;
    assert.equal(gone.retired, true);
    assert.equal(gone.retire_reason, 'moved to another unit');
  } catch (e) {
    console.log(`# node output:\n# ${fed.output().split('\n').slice(-80).join('\n# ')}`);
    throw e;
  }
});
