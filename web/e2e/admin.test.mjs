// Administration and my account in the console: an administrator creates a user and disables /
// enables it; that user changes the password (a wrong current one is named under its field),
// enrols TOTP from the QR page and logs in with a one-time code; the audit log shows it, filtered,
// and its CSV export holds the filtered entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { eventually, signedInNode, skipReason } from './node.mjs';

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

async function logInAs(page, username, password, code) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (code) {
    await page.getByTestId('login-totp').fill(await code());
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('nav-register').waitFor();
}

async function logOut(page) {
  await page.getByTestId('topbar-user').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
}

test('create a user, change a password, enrol TOTP and log in with it, read the audit log', { skip, timeout: 180_000 }, async (t) => {
  const { node, page } = await signedInNode(t, { width: 1280 });

  // The administrator creates Olivia, a liaison officer.
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('user-new').click();
  await page.getByTestId('user-form-username').fill('olivia');
  await page.getByTestId('user-form-display-name').fill('Olivia Chen');
  await page.getByTestId('user-form-password').fill('short');
  await page.getByTestId('user-form-submit').click();
  // The policy's refusal is shown under the password field.
  await page.getByText('password must have at least 12 characters').waitFor();
  await page.getByTestId('user-form-password').fill('first password 1');
  await page.getByTestId('user-form-submit').click();
  const row = page.locator('[data-testid="user-row"][data-username="olivia"]');
  await row.waitFor();
  assert.equal((await row.getByTestId('user-status').innerText()).trim(), 'Active');
  await row.getByTestId('user-disable').click();
  await eventually(async () => assert.equal((await row.getByTestId('user-status').innerText()).trim(), 'Disabled'));
  await row.getByTestId('user-enable').click();
  await eventually(async () => assert.equal((await row.getByTestId('user-status').innerText()).trim(), 'Active'));
  await logOut(page);

  // Olivia changes her password: a wrong current one is named, then it works.
  await logInAs(page, 'olivia', 'first password 1');
  assert.equal(await page.getByTestId('nav-admin').count(), 0, 'officers see no Administration');
  await page.getByTestId('topbar-user').click();
  await page.getByTestId('menu-account').click();
  await page.getByTestId('account-current').fill('not my password');
  await page.getByTestId('account-new').fill('second password 2');
  await page.getByTestId('account-repeat').fill('second password 2');
  await page.getByTestId('account-change-password').click();
  await page.getByText('the current password is wrong').waitFor();
  await page.getByTestId('account-current').fill('first password 1');
  await page.getByTestId('account-change-password').click();
  await page.getByText('Password changed.').waitFor();

  // TOTP: the QR code is drawn, the code from the key turns it on.
  await page.getByTestId('account-totp-off').waitFor();
  await page.getByTestId('account-totp-start').click();
  const qr = page.getByTestId('account-totp-qr');
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
  assert.ok((await qr.evaluate((img) => img.naturalWidth)) >= 100, 'the QR image has pixels');
  const secret = (await page.getByTestId('account-totp-secret').innerText()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.getByTestId('account-totp-code').fill('000000' === totp(secret, Date.now() / 1000) ? '111111' : '000000');
  await page.getByTestId('account-totp-confirm').click();
  // The node's reason (wrong_code), said by the console.
  await page.getByText('Wrong or already used code.').waitFor();
  await page.getByTestId('account-totp-code').fill(totp(secret, Date.now() / 1000));
  await page.getByTestId('account-totp-confirm').click();
  await page.getByTestId('account-totp-on').waitFor();
  await logOut(page);

  // The old password no longer works; the new one asks for the code. The confirming code is
  // spent, so log in with the next step's (the server accepts one step of drift).
  await page.getByTestId('login-username').fill('olivia');
  await page.getByTestId('login-password').fill('first password 1');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').waitFor();
  assert.equal(await page.getByTestId('login-totp').count(), 0, 'a wrong password does not ask for the code');
  await logInAs(page, 'olivia', 'second password 2', async () => totp(secret, Date.now() / 1000 + 30));

  // An API token with a name and an expiry: shown once, works as a bearer token, revoked.
  await page.goto('/account');
  await page.getByTestId('token-name').fill('nightly export');
  await page.getByTestId('token-create').click();
  const tokenText = (await page.getByTestId('token-created').innerText()).trim();
  assert.match(tokenText, /^lia_/);
  const tokenRow = page.locator('[data-testid="token-row"][data-name="nightly export"]');
  await tokenRow.waitFor();
  const bearer = (tok) =>
    page.evaluate(async (tk) => (await fetch('/api/v1/auth/me', { headers: { Authorization: `Bearer ${tk}` } })).status, tok);
  assert.equal(await bearer(tokenText), 200);
  await tokenRow.getByTestId('token-revoke').click();
  await tokenRow.waitFor({ state: 'detached' });
  assert.equal(await bearer(tokenText), 401);
  await logOut(page);

  // The administrator reads it in the audit log, filtered, and exports the filter as CSV.
  await logInAs(page, node.username, node.password);
  await page.goto('/admin?tab=audit');
  await page.getByTestId('audit-object').fill('user/olivia');
  await page.getByTestId('audit-action').fill('user.');
  await page.getByTestId('audit-apply').click();
  await eventually(async () => {
    const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.deepEqual([...actions].sort(), ['user.add', 'user.password', 'user.totp', 'user.update', 'user.update']);
  });
  const href = await page.getByTestId('audit-csv').getAttribute('href');
  assert.match(href, /format=csv/);
  const bytes = Buffer.from(await page.evaluate(async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer())], href));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const csv = bytes.subarray(3).toString('utf8');
  const lines = csv.trim().split(/\r\n/);
  assert.equal(lines[0], 'Seq,Time (UTC),Actor,Action,Object,Remote address,Hash');
  assert.equal(lines.length, 6, csv);
  assert.ok(lines.slice(1).every((l) => l.includes(',user/olivia,')), csv);
});
