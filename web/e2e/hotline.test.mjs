// The three-tier hotline end to end. Two real nodes (CN and US, each the other's peer: the
// escalation's counterpart must be a party this node federates with). On CN the administrator
// creates the liaison officer `oncall1`, puts them on CN's tier-1 roster (one layer, one user,
// so they are on call whatever the time) and opens a manual tier-1 escalation towards the US
// through the API. oncall1 logs in to the console, sees themself on call, opens the
// escalation on the Hotline page and acknowledges it; the page and the API then both say
// "acknowledged by oncall1". Every wait polls (eventually / Playwright's auto-waiting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, apiFrom, eventually, federationWithBrowser, logIn, newPage, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 20_000;
const ONCALL = { username: 'oncall1', password: 'oncall1-e2e-passphrase' };
const SCHEDULE_ID = 'CN:tier1';
const REASON = 'e2e: no answer on the working-level line';
const BOTH_ZONES = /Asia\/Shanghai[\s\S]*America\/New_York/;

test('hotline: the on-call officer acknowledges a manual tier-1 escalation in the console', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, browser } = await federationWithBrowser(t);

  try {
    // ---- set-up as CN's administrator, through the API ----
    const adminPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(adminPage, cn);
    const admin = apiFrom(adminPage);

    await addUser(admin, ONCALL, 'liaison_officer', 'On-call officer');

    const schedule = {
      id: SCHEDULE_ID,
      party: 'CN',
      name: 'tier1',
      tier: 1,
      timezone: 'Asia/Shanghai',
      // A start in the past and a single user: oncall1 is on call at any time.
      layers: [{ name: 'primary', start: '2026-01-05T09:00', rotation_length: 1, rotation_unit: 'weeks', users: [ONCALL.username] }],
      overrides: [],
    };
    const roster = await admin('PUT', `/hotline/rosters/${encodeURIComponent(SCHEDULE_ID)}`, schedule);
    assert.ok(roster.status === 200 || roster.status === 201, `PUT roster: ${roster.status} ${JSON.stringify(roster.body)}`);
    assert.equal(roster.body.id, SCHEDULE_ID);
    assert.deepEqual(roster.body.layers[0].users, [ONCALL.username]);

    const opened = await admin('POST', '/hotline/escalations', { counterpart: 'US', tier: 1, reason: REASON });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const id = opened.body.id;
    assert.ok(id, 'the escalation has an id');
    assert.equal(opened.body.state, 'open');
    assert.equal(opened.body.tier, 1);
    assert.equal(opened.body.trigger, 'manual');
    assert.equal(opened.body.owner, 'CN');
    assert.equal(opened.body.counterpart, 'US');
    assert.equal(opened.body.drill, false);

    // ---- oncall1 in the console ----
    const page = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(page, ONCALL);
    await page.getByTestId('nav-hotline').click();
    await page.waitForURL(/\/hotline/);

    // The escalation, with its tier, parties and times in both zones; not a drill.
    const card = page.locator(`[data-testid="escalation"][data-id="${id}"]`);
    await card.waitFor({ timeout: WAIT });
    assert.equal(await card.getAttribute('data-state'), 'open');
    assert.equal(await card.getAttribute('data-tier'), '1');
    assert.equal(await card.getAttribute('data-drill'), 'false');
    assert.equal(await card.getByTestId('drill-badge').count(), 0);
    assert.equal((await card.getByTestId('escalation-reason').innerText()).trim(), REASON);
    assert.equal((await card.getByTestId('escalation-parties').innerText()).trim(), 'CN → US');
    assert.match(await card.innerText(), BOTH_ZONES);

    // Acknowledge: the button goes, the state and the acknowledging user show.
    await card.getByTestId('escalation-ack').click();
    await card.locator('[data-testid="escalation-state"][data-state="acknowledged"]').waitFor({ timeout: WAIT });
    await card.getByTestId('escalation-ack').waitFor({ state: 'detached' });
    const ackedBy = card.getByTestId('escalation-acked-by');
    await ackedBy.waitFor();
    assert.equal(await ackedBy.getAttribute('data-user'), ONCALL.username);
    assert.match(await ackedBy.innerText(), /oncall1 \(CN\)/);

    // The server agrees.
    const api = apiFrom(page);
    await eventually(async () => {
      const list = await api('GET', '/hotline/escalations?state=all');
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const e = list.body.items.find((x) => x.id === id);
      assert.ok(e, `escalation ${id} in the list`);
      assert.equal(e.state, 'acknowledged');
      assert.deepEqual(e.acknowledged_by, { party: 'CN', user: ONCALL.username });
      assert.ok(e.acknowledged_at, 'acknowledged_at is set');
      assert.equal(e.can_acknowledge, false);
    }, WAIT);

    // After a reload the page still shows it acknowledged by oncall1 (the default view lists
    // open and acknowledged escalations).
    await page.reload();
    await card.locator('[data-testid="escalation-state"][data-state="acknowledged"]').waitFor({ timeout: WAIT });
    assert.equal(await card.getByTestId('escalation-acked-by').getAttribute('data-user'), ONCALL.username);

    // "On call now" lists oncall1 for CN's tier 1.
    await page.getByTestId('hotline-tab-oncall').click();
    await page.waitForURL(/tab=oncall/);
    const row = page.locator('[data-testid="oncall-row"][data-party="CN"][data-tier="1"][data-user="oncall1"]');
    await row.waitFor({ timeout: WAIT });
    assert.match(await row.innerText(), /Asia\/Shanghai/);
  } catch (e) {
    console.log(`# node output:\n# ${fed.output().split('\n').slice(-80).join('\n# ')}`);
    throw e;
  }
});
