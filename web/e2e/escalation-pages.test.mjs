// Failures must show: the on-call officer's only channel is e-mail and this node has no SMTP
// server, so the page fails; the escalation card shows that person and channel as failed with
// the reason, and says nobody could be reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, eventually, signedInNode, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

test('an escalation whose page failed shows the failure per person and channel', { skip, timeout: 120_000 }, async (t) => {
  const { page, api } = await signedInNode(t);
  await addUser(api, { username: 'oncall1', password: 'on-call password 1' }, 'liaison_officer', 'On-call officer');
  const ch = await api('PUT', '/hotline/channels/oncall1', { email: 'oncall1@cn.example' });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  const roster = await api('PUT', '/hotline/rosters/CN%3Atier1', {
    id: 'CN:tier1',
    party: 'CN',
    name: 'tier1',
    tier: 1,
    timezone: 'Asia/Shanghai',
    layers: [{ name: 'primary', start: '2026-01-05T09:00', rotation_length: 1, rotation_unit: 'weeks', users: ['oncall1'] }],
    overrides: [],
  });
  assert.ok(roster.status === 200 || roster.status === 201, JSON.stringify(roster.body));
  const opened = await api('POST', '/hotline/escalations', { counterpart: 'US', tier: 1, reason: 'pages must show' });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));

  // The engine pages oncall1 by e-mail, which fails for good (no SMTP url).
  await eventually(async () => {
    const n = await api('GET', `/hotline/notifications?subject=${opened.body.id}`);
    assert.ok(n.body.items.length > 0 && n.body.items.every((d) => d.status === 'failed'), JSON.stringify(n.body));
  }, 30_000);

  await page.goto('/hotline');
  const pages = page.getByTestId('escalation-pages');
  await pages.waitFor();
  const line = pages.locator('[data-testid="escalation-page"][data-channel="email"]');
  await eventually(async () => assert.equal(await line.getAttribute('data-status'), 'failed'));
  const text = await line.innerText();
  assert.match(text, /oncall1/);
  assert.match(text, /Failed/);
  assert.match(text, /SMTP/i, `the channel's error is shown: ${text}`);
  await page.getByTestId('escalation-nobody-reached').waitFor();
});
