// Issue 17, "assign a request and see it in that user's inbox": a supervisor assigns a request
// to an officer from the request's page; the officer logs in, lands on My work, finds the
// request among those assigned to them and the notice in the inbox with the unread count in
// the top bar, and marks it read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, apiFrom, eventually, logIn, newPage, signedInNode, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const SUPERVISOR = { username: 'sup1', password: 'supervisor password 1' };
const OFFICER = { username: 'off1', password: 'officer password 1' };
const TITLE = 'Preserve the phishing kit logs';

test('a supervisor assigns a request; the officer sees it in My work and the inbox', { skip, timeout: 180_000 }, async (t) => {
  const { node, browser, api: admin } = await signedInNode(t);
  await addUser(admin, SUPERVISOR, 'supervisor', 'Shift supervisor');
  await addUser(admin, OFFICER, 'liaison_officer', 'Duty officer');
  const created = await admin('POST', '/requests', {
    type: 'preservation',
    priority: 'P1',
    priority_area: 'fraud',
    requested_party: 'US',
    title: { original: TITLE, lang: 'en' },
    requesting_authority: { original: 'MPS' },
    legal_basis: { original: 'MLAA 2000 Art. 1' },
    offence: { original: 'phishing' },
    data_sought: { original: 'logs' },
    data_link: { original: 'the kit' },
    custodian: { original: 'Example Hosting' },
    necessity: { original: 'overwritten in 30 days' },
    mla_to_follow: true,
    data_categories: ['traffic'],
    identifiers: [{ kind: 'domain', value: 'login-example.test' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;

  // The supervisor assigns the officer from the request's header.
  const supPage = await newPage(browser, node.baseUrl, 'en-US');
  await logIn(supPage, SUPERVISOR);
  await supPage.getByTestId('my-work').waitFor();  // the home page
  await supPage.goto(`/requests/${id}`);
  assert.equal((await supPage.getByTestId('assignee-ours').innerText()).trim(), 'nobody');
  await supPage.getByTestId('assignee-edit').click();
  await supPage.getByTestId('assignee-select').click();
  await supPage.locator('.el-select-dropdown__item:visible', { hasText: 'off1' }).click();
  await supPage.getByTestId('assignee-save').click();
  await eventually(async () => {
    assert.equal((await supPage.getByTestId('assignee-ours').innerText()).trim(), 'Duty officer (off1)');
  });

  // The officer: My work lists it, the bell counts one unread notice.
  const offPage = await newPage(browser, node.baseUrl, 'en-US');
  await logIn(offPage, OFFICER);
  await offPage.getByTestId('my-work').waitFor();
  const row = offPage.getByTestId('work-assigned-row').filter({ hasText: TITLE });
  await row.waitFor();
  await eventually(async () => assert.equal((await offPage.getByTestId('inbox-count').innerText()).trim(), '1'));
  const notice = offPage.getByTestId('work-notice').first();
  assert.match(await notice.innerText(), /sup1 assigned CN-\d{4}-\d{6} to you: Preserve the phishing kit logs/);

  // The inbox from the bell, then mark all read: the count goes.
  await offPage.getByTestId('inbox-bell').click();
  const item = offPage.getByTestId('inbox-item').first();
  await item.waitFor();
  assert.match(await item.innerText(), /assigned .* to you/);
  await offPage.getByTestId('inbox-read-all').click();
  await eventually(async () => assert.equal(await offPage.getByTestId('inbox-count').count(), 0));
  const unread = await apiFrom(offPage)('GET', '/notifications/count');
  assert.equal(unread.body.unread, 0);

  // In Chinese the same notice reads in Chinese.
  await offPage.goto('/work');
  await offPage.getByTestId('lang-zh-CN').click();
  await eventually(async () => assert.match(await offPage.getByTestId('work-notice').first().innerText(), /分配给您/));
  // Its time follows the app's language, not the browser's (en-US here): 2026-11-05 13:50, never
  // 11/05/2026 (issue 17).
  const text = await offPage.getByTestId('work-notice').first().innerText();
  assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  assert.doesNotMatch(text, /\d{1,2}\/\d{1,2}\/\d{2,4}/);
});
