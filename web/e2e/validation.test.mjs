// Inline validation end to end: an identifier the server rejects shows the server's reason for
// it, in the console's language, under that identifier while the request is being written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, signedInNode, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

test('an invalid IPv4 identifier shows the server field error inline', { skip, timeout: 120_000 }, async (t) => {
  const { page } = await signedInNode(t);

  await page.getByTestId('nav-new-request').click();
  await page.getByTestId('builder-type-preservation').click();
  await page.getByTestId('field-title').fill('Bad address');
  await page.getByTestId('identifier-add').click();
  await page.getByTestId('identifier-value-0').fill('999.1.1.1');

  // What the server says about this content, asked directly.
  const expected = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const res = await fetch('/api/v1/requests/validate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({
        type: 'preservation',
        requested_party: 'US',
        title: { original: 'Bad address' },
        identifiers: [{ kind: 'ipv4', value: '999.1.1.1' }],
      }),
    });
    const body = await res.json();
    // 200 {errors: [...]} per the contract, each with its reason and params.
    return (body.errors ?? []).find((e) => String(e.field).startsWith('identifiers[0]')) ?? null;
  });
  assert.ok(expected, 'the server reports an error for identifiers[0]');
  assert.equal(expected.field, 'identifiers[0].value');
  assert.equal(expected.reason, 'invalid_ip');
  assert.deepEqual(expected.params, { version: 4 });

  const said = 'Identifiers 1 is not a valid IPv4 address.';
  const error = page.getByTestId('error-identifier-0');
  await error.waitFor();
  assert.equal((await error.innerText()).trim(), said);

  // Correcting the value clears it.
  await page.getByTestId('identifier-value-0').fill('198.51.100.1');
  await error.waitFor({ state: 'detached' });

  // Saving an invalid draft is refused with the same field error in place.
  await page.getByTestId('identifier-value-0').fill('999.1.1.1');
  await error.waitFor();
  await page.getByTestId('builder-save').click();
  await eventually(async () => assert.equal((await error.innerText()).trim(), said));
  assert.match(page.url(), /\/requests\/new$/);
});
