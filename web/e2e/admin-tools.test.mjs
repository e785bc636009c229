// Issue 17's administration gaps in the console (h17-admin): the deadline policy editor (edit a
// clock, publish, see it back; a bad value shows the server's field error under its field, in
// both languages), notification preferences (saved and shown back), new recovery codes asking
// for the password and a one-time code again, and "On call now" with each person's name, tier
// and how to reach them (and a note for a party whose directory has not arrived).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { addUser, eventually, signedInNode, skipReason, switchLanguage } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

/** RFC 6238 (SHA-1, 6 digits, 30 s) for a base32 secret at `unixSeconds`. */
function totp(secretB32, unixSeconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretB32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const o = mac[19] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('policy editor, notification preferences, new recovery codes and on-call details', { skip, timeout: 240_000 }, async (t) => {
  const { node, page, api } = await signedInNode(t, { width: 1440 });

  // ---- The deadline policy: a bad value is named under its field; a good one is published.
  await page.goto('/hotline?tab=policy');
  await page.getByTestId('policy-version').waitFor();
  assert.equal((await page.getByTestId('policy-version').innerText()).trim(), 'Shipped defaults (not published yet)');
  const ackP1 = page.locator('[data-testid="policy-clock"][data-clock="acknowledge"][data-priorities="P1"]');
  const amount = ackP1.getByTestId('policy-amount');
  assert.equal(await amount.inputValue(), '4');
  await amount.fill('999999');
  await page.getByTestId('policy-publish').click();
  await eventually(async () =>
    assert.equal((await ackP1.getByTestId('policy-field-error').innerText()).trim(), 'Amount must be between 0 and 100000.'),
  );
  assert.equal((await page.getByTestId('policy-version').innerText()).trim(), 'Shipped defaults (not published yet)', 'nothing published');
  await amount.fill('3');
  await page.getByTestId('policy-publish').click();
  await eventually(async () => assert.equal((await page.getByTestId('policy-version').innerText()).trim(), 'Published, version 1'));
  assert.equal(await ackP1.getByTestId('policy-field-error').count(), 0);
  // Seen back after a reload, and by the API as a signed record's projection.
  await page.reload();
  await eventually(async () => assert.equal(await page.locator('[data-testid="policy-clock"][data-clock="acknowledge"][data-priorities="P1"]').getByTestId('policy-amount').inputValue(), '3'));
  const published = await api('GET', '/hotline/policy');
  assert.equal(published.body.published, true);
  assert.equal(published.body.clocks.find((c) => c.clock === 'acknowledge' && c.priorities.join() === 'P1').amount, 3);
  // In Chinese: the tab, the version and a ladder step's error under its field.
  await switchLanguage(page, 'zh-CN');
  assert.equal((await page.getByTestId('hotline-tab-policy').innerText()).trim(), '期限政策');
  assert.equal((await page.getByTestId('policy-version').innerText()).trim(), '已发布，第 1 版');
  const firstRule = page.getByTestId('policy-ladder').first().getByTestId('policy-rule').first();
  await firstRule.getByTestId('policy-delay').fill('-5');
  await page.getByTestId('policy-publish').click();
  await eventually(async () =>
    // The refusal's reason in Chinese, with the range it wants.
    assert.match((await firstRule.getByTestId('policy-field-error').innerText()).trim(), /须在 0 至 2592000 之间/),
  );
  await switchLanguage(page, 'en');

  // ---- Notification preferences: saved and shown back; a page always stays in the inbox.
  await page.getByTestId('topbar-user').click();
  await page.getByTestId('menu-prefs').click();
  await page.getByTestId('prefs-table').waitFor();
  const row = (event) => page.locator(`[data-testid="prefs-row"][data-event="${event}"]`);
  assert.equal(await row('escalation.page').getByTestId('prefs-inbox').locator('input').isDisabled(), true);
  await row('request.message').getByTestId('prefs-email').click();
  await row('request.assigned').getByTestId('prefs-inbox').click();
  await page.getByTestId('prefs-save').click();
  await page.getByText('Preferences saved').waitFor();
  await page.reload();
  await page.getByTestId('prefs-table').waitFor();
  const checked = async (event, which) => (await row(event).getByTestId(which).getAttribute('class')).includes('is-checked');
  assert.equal(await checked('request.message', 'prefs-email'), true);
  assert.equal(await checked('request.assigned', 'prefs-inbox'), false);
  assert.equal(await checked('request.assigned', 'prefs-email'), false);
  const prefs = await api('GET', '/notifications/preferences');
  const saved = Object.fromEntries(prefs.body.items.map((p) => [p.event, p]));
  assert.deepEqual(
    { inbox: saved['request.message'].inbox, email: saved['request.message'].email, webhook: saved['request.message'].webhook },
    { inbox: true, email: true, webhook: false },
  );
  assert.equal(saved['request.assigned'].inbox, false);

  // ---- Where the e-mail goes: My account → Paging channels. A bad address is named under its
  // box in the console's language (the form by code, not the server's English words); a good
  // one is saved and shown back.
  await page.goto('/account');
  await switchLanguage(page, 'zh-CN');
  const channels = page.getByTestId('account-channels');
  await channels.getByTestId('channels-email').fill('duty officer at example.org');
  await channels.getByTestId('channels-save').click();
  const refused = (await channels.getByTestId('channels-error').innerText()).trim();
  assert.match(refused, /电子邮件地址/);
  assert.doesNotMatch(refused, /e-mail address/);
  await switchLanguage(page, 'en');
  await channels.getByTestId('channels-email').fill('duty@cn.example');
  await channels.getByTestId('channels-save').click();
  await eventually(async () => assert.equal((await api('GET', '/hotline/my-channels')).body.email, 'duty@cn.example'));
  await page.reload();
  await eventually(async () => assert.equal(await page.getByTestId('channels-email').inputValue(), 'duty@cn.example'));

  // ---- New recovery codes ask for the password and a one-time code again.
  const setup = await api('POST', '/auth/totp/setup');
  const secret = setup.body.secret;
  const confirmed = await api('POST', '/auth/totp/confirm', { secret, code: totp(secret, Date.now() / 1000 - 30) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  await page.goto('/account');
  await page.getByTestId('account-recovery-new').click();
  await page.getByTestId('recovery-password').fill('not the password');
  await page.getByTestId('recovery-totp').fill(totp(secret, Date.now() / 1000));
  await page.getByTestId('recovery-confirm').click();
  await page.getByText('The current password is wrong.').waitFor();
  assert.equal(await page.getByTestId('account-recovery-codes').count(), 0);
  await page.getByTestId('recovery-password').fill(node.password);
  await page.getByTestId('recovery-totp').fill('000000' === totp(secret, Date.now() / 1000) ? '111111' : '000000');
  await page.getByTestId('recovery-confirm').click();
  await page.getByText('Wrong or already used code.').waitFor();
  await page.getByTestId('recovery-totp').fill(totp(secret, Date.now() / 1000));
  await page.getByTestId('recovery-confirm').click();
  await eventually(async () => assert.equal(await page.getByTestId('account-recovery-codes').locator('li').count(), 10));

  // ---- On call now: name, tier and how to reach them; US has no directory here yet.
  await addUser(api, { username: 'wang', password: 'on-call password 1' }, 'liaison_officer', 'Wang Wei');
  const ch = await api('PUT', '/hotline/channels/wang', { email: 'wang@cn.example' });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  const contact = await api('POST', '/contacts', {
    name: 'Wang Wei',
    organisation: 'MPS Cybersecurity Bureau',
    tier: 1,
    timezone: 'Asia/Shanghai',
    languages: ['zh-CN', 'en'],
    channels: [
      { kind: 'phone', value: '+86 10 5555 0101' },
      { kind: 'webhook', value: 'https://hooks.cn.example/T0/secret-path' },
    ],
  });
  assert.equal(contact.status, 201, JSON.stringify(contact.body));
  const roster = await api('PUT', '/hotline/rosters/CN%3Atier1', {
    id: 'CN:tier1',
    party: 'CN',
    name: 'tier1',
    tier: 1,
    timezone: 'Asia/Shanghai',
    layers: [{ name: 'primary', start: '2026-01-05T09:00', rotation_length: 1, rotation_unit: 'weeks', users: ['wang'] }],
    overrides: [],
  });
  assert.ok(roster.status === 200 || roster.status === 201, JSON.stringify(roster.body));
  await page.goto('/hotline?tab=oncall');
  const wang = page.locator('[data-testid="oncall-row"][data-user="wang"]');
  await wang.waitFor();
  assert.equal((await wang.getByTestId('oncall-name').innerText()).trim(), 'Wang Wei');
  const reach = await wang.getByTestId('oncall-reach').locator('li').allInnerTexts();
  assert.deepEqual(reach.map((r) => r.trim()), ['E-mail: wang@cn.example', 'Phone: +86 10 5555 0101', 'Webhook: hooks.cn.example']);
  assert.ok(!(await wang.innerText()).includes('secret-path'), 'a webhook is shown by its host only');
  const none = page.locator('[data-testid="oncall-directory"][data-party="US"]');
  await none.getByTestId('oncall-no-directory').waitFor();
  await switchLanguage(page, 'zh-CN');
  assert.match(await wang.getByTestId('oncall-reach').innerText(), /电子邮件: wang@cn\.example/);
  assert.match(await none.innerText(), /尚未收到 US 的任何 24\/7 联络名录条目/);
  // The directory says the same of US.
  await page.goto('/directory');
  await page.locator('[data-testid="directory-none-from"][data-party="US"]').waitFor();
});
