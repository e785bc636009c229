// Two real nodes, CN and US: US, a lead's receiver, publishes a deadline policy whose
// lead-outcome clock is 10 days; CN sends a lead. US's console (Reports → Lead outcomes) shows
// the lead's "Outcome due" as the server computes it — submission plus the policy's 10 days, not
// a fixed 30 — with the policy's source. Every wait polls; no fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiFrom, eventually, federationWithBrowser, lastJson, liaison, logIn, newPage, skipReason } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 30_000;
const SOURCE = 'e2e agreement: a lead’s outcome within 10 days';
const LEAD = {
  type: 'lead_sharing',
  priority: 'P2',
  priority_area: 'hacking',
  requested_party: 'US',
  title: { original: '线索 e2e', lang: 'zh-CN', translation: 'Lead e2e', translation_lang: 'en' },
  requesting_authority: { original: 'MPS' },
  legal_basis: { original: 'Budapest Art. 26' },
  offence: { original: 'ransomware' },
  data_sought: { original: 'none: information shared' },
  data_link: { original: 'C2 server' },
  custodian: { original: 'Example Hosting' },
  necessity: { original: 'spontaneous information' },
  mla_to_follow: false,
  data_categories: ['traffic'],
  identifiers: [{ kind: 'ipv4', value: '203.0.113.46', port: 443 }],
};

test('a lead’s Outcome due follows the receiver’s published policy (10 days), with its source', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    const usPage = await newPage(browser, us.baseUrl, 'en-US');
    await logIn(usPage, us);
    const api = apiFrom(usPage);
    const policy = (await api('GET', '/hotline/policy')).body;
    policy.lead_outcome = { days: 10, source: SOURCE };
    const put = await api('PUT', '/hotline/policy', policy);
    assert.equal(put.status, 200, JSON.stringify(put.body));

    const created = lastJson((await liaison(['request', 'create', '--data', cn.dir, '--file', '-'], JSON.stringify(LEAD))).stdout);
    await liaison(['request', 'transition', '--data', cn.dir, created.id, '--event', 'submit']);

    // The server's answer: submission + 10 days, and the policy's source.
    let lead;
    await eventually(async () => {
      const page = await api('GET', '/leads?direction=incoming');
      assert.equal(page.status, 200);
      lead = page.body.items.find((l) => l.id === created.id);
      assert.ok(lead, 'the lead arrived');
    }, WAIT);
    assert.equal(Date.parse(lead.outcome_due) - Date.parse(lead.submitted_at), 10 * 86_400_000);
    assert.equal(lead.outcome_due_source, SOURCE);

    // The console shows that time and source.
    await usPage.goto('/reports?tab=leads');
    const row = usPage.locator(`[data-testid="lead-row"][data-id="${created.id}"]`);
    await row.waitFor({ timeout: WAIT });
    const due = row.getByTestId('lead-due');
    assert.ok((await due.locator('.dual-time').getAttribute('title')).includes(`(${lead.outcome_due})`));
    assert.equal((await due.getByTestId('lead-due-source').innerText()).trim(), SOURCE);
  } catch (e) {
    console.log(`# ${fed.output().split('\n').slice(-60).join('\n# ')}`);
    throw e;
  }
});
