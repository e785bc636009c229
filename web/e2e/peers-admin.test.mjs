// Peers from the console: an administrator pastes `liaison identity --json`; this node's own
// identity is refused with the reason under the field; another party's is added and removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastJson, liaison, signedInNode, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

test('add a peer from a pasted identity, refuse our own, remove it', { skip, timeout: 120_000 }, async (t) => {
  const { node, page } = await signedInNode(t);
  const own = lastJson((await liaison(['identity', '--data', node.dir, '--json'])).stdout);

  await page.getByTestId('nav-peers').click();
  await page.getByTestId('peer-add').click();
  // Our own identity under another party code: refused for its key.
  await page.getByTestId('peer-add-identity').fill(JSON.stringify({ ...own, party: 'GB' }));
  await page.getByTestId('peer-add-submit').click();
  await page.getByText("this is this node's own signing key, not a peer's").waitFor();

  const other = { party: 'GB', url: 'https://127.0.0.1:9', key: Buffer.alloc(32, 7).toString('base64'), tls_fingerprint: 'ab'.repeat(32) };
  await page.getByTestId('peer-add-identity').fill(`[info] some log line\n${JSON.stringify(other)}`);
  assert.equal((await page.getByTestId('peer-add-preview').innerText()).trim(), 'GB · https://127.0.0.1:9');
  await page.getByTestId('peer-add-name').fill('GB Liaison');
  await page.getByTestId('peer-add-timezone').fill('Europe/London');
  await page.getByTestId('peer-add-submit').click();
  const row = page.locator('[data-testid="peers-row"][data-party="GB"]');
  await row.waitFor();

  await page.getByTestId('peer-remove-GB').click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await row.waitFor({ state: 'detached' });
  await page.getByTestId('peers-empty').waitFor();
});
