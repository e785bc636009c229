// Two real nodes, CN and US: CN proposes a priority case in its console (a missing title is
// named next to the field by the server's 400 first), linking a request picked by its
// reference; US sees it in its console (in Chinese), accepts it and posts a status report; CN's
// case page then shows US's report and US's next status report due (the interval after the
// report). The case page fits at 1024 and 1440 px in both languages. Every wait polls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiFrom,
  eventually,
  federationWithBrowser,
  lastJson,
  liaison,
  logIn,
  newPage,
  skipReason,
  switchLanguage,
} from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WAIT = 30_000;
const INTERVAL = 14;
const REQUEST = {
  type: 'preservation',
  priority: 'P1',
  priority_area: 'hacking',
  requested_party: 'US',
  title: { original: '重点案件 e2e', lang: 'zh-CN', translation: 'Priority case e2e', translation_lang: 'en' },
  requesting_authority: { original: 'MPS' },
  legal_basis: { original: 'MLAA 2000 Art. 1' },
  offence: { original: 'ransomware' },
  data_sought: { original: 'logs' },
  data_link: { original: 'C2 server' },
  custodian: { original: 'Example Hosting' },
  necessity: { original: 'overwritten in 30 days' },
  mla_to_follow: true,
  data_categories: ['traffic'],
  identifiers: [{ kind: 'ipv4', value: '203.0.113.46', port: 443 }],
};

/** "2026-11-21 13:50" in `zone`, as the console writes a time. */
function wall(iso, zone) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

test('CN proposes a priority case in the console, US accepts and reports, CN sees the report and the next due date', { skip, timeout: 240_000 }, async (t) => {
  const { fed, cn, us, browser } = await federationWithBrowser(t);

  try {
    const created = lastJson((await liaison(['request', 'create', '--data', cn.dir, '--file', '-'], JSON.stringify(REQUEST))).stdout);
    const submitted = lastJson((await liaison(['request', 'transition', '--data', cn.dir, created.id, '--event', 'submit'])).stdout);
    const ref = submitted.requester_ref;
    assert.match(ref, /^CN-\d{4}-\d{6}$/);

    // CN: Reports → Priority cases → Propose.
    const cnPage = await newPage(browser, cn.baseUrl, 'en-US');
    await logIn(cnPage, cn);
    await cnPage.getByTestId('nav-reports').click();
    await cnPage.getByTestId('reports-tab-cases').click();
    await cnPage.waitForURL(/tab=cases/);
    assert.match(await cnPage.getByTestId('cases-list').innerText(), /No priority cases yet/);
    await cnPage.getByTestId('case-propose').click();
    const dialog = cnPage.getByTestId('case-propose-dialog');
    await dialog.waitFor();

    // Without a title the server's 400 names the field, shown next to it; nothing is written.
    await cnPage.getByTestId('case-propose-submit').click();
    await cnPage.getByTestId('case-error-title').waitFor();
    assert.ok((await cnPage.getByTestId('case-error-title').innerText()).trim().length > 0);
    const none = await apiFrom(cnPage)('GET', '/cases');
    assert.equal(none.body.total, 0);

    await cnPage.getByTestId('field-case-title').fill('Ransomware crew e2e');
    await cnPage.getByTestId('field-case-title-translation').fill('勒索软件团伙 e2e');
    await cnPage.getByTestId('case-area').click();
    await cnPage.locator('.el-select-dropdown__item:visible', { hasText: 'Darknet sales of drugs and guns' }).click();
    await cnPage.getByTestId('case-requests').click();
    await cnPage.keyboard.type(ref);
    await cnPage.locator('.el-select-dropdown__item:visible', { hasText: ref }).click();
    await cnPage.keyboard.press('Escape');
    await cnPage.getByTestId('case-lead-name').fill('Li Wei');
    await cnPage.getByTestId('case-counterpart-name').fill('J. Smith');
    await cnPage.getByTestId('case-interval').locator('input').fill(String(INTERVAL));
    await cnPage.getByTestId('case-propose-submit').click();

    // The case page: proposed, the linked request by its reference, a link to its page.
    await cnPage.waitForURL(/\/reports\/cases\//);
    const caseId = decodeURIComponent(cnPage.url().split('/reports/cases/')[1]);
    assert.equal(await cnPage.getByTestId('case-state').getAttribute('data-state'), 'proposed');
    assert.equal((await cnPage.getByTestId('case-area-label').innerText()).trim(), 'Darknet sales of drugs and guns');
    const link = cnPage.getByTestId('case-request-link');
    await eventually(async () => assert.equal((await link.innerText()).trim(), ref));
    assert.equal(await link.getAttribute('href'), `/requests/${created.id}`);
    await cnPage.getByTestId('case-awaiting').waitFor();

    // US (in Chinese): the case arrives, proposed; US accepts it.
    const usPage = await newPage(browser, us.baseUrl, 'zh-CN');
    await logIn(usPage, us);
    await usPage.goto('/reports?tab=cases');
    const usRow = usPage.locator(`[data-testid="case-row"][data-id="${caseId}"]`);
    await eventually(async () => assert.equal(await usRow.getAttribute('data-state'), 'proposed'), WAIT);
    assert.equal((await usRow.getByTestId('case-state').innerText()).trim(), '已提议');
    assert.match(await usRow.innerText(), /暗网贩卖毒品和枪支/);
    await usRow.getByTestId('case-link').click();
    await usPage.waitForURL(/\/reports\/cases\//);
    await usPage.getByTestId('case-accept-name').fill('John Smith');
    await usPage.getByTestId('case-accept').click();
    await eventually(async () => assert.equal(await usPage.getByTestId('case-state').getAttribute('data-state'), 'accepted'));

    // US posts a status report.
    await usPage.getByTestId('case-report-begin').click();
    await usPage.getByTestId('field-case-state').fill('Suspects identified in two states');
    await usPage.getByTestId('field-case-actions').fill('Servers seized; subscriber records obtained');
    await usPage.getByTestId('field-case-next_steps').fill('Interviews next month');
    await usPage.getByTestId('case-report-submit').click();
    const usReport = usPage.locator('[data-testid="case-report"][data-party="US"]');
    await usReport.waitFor();
    assert.match(await usReport.innerText(), /Servers seized/);

    // CN's page (it reads the case every few seconds): accepted, US's report, US's next due.
    await eventually(async () => {
      assert.equal(await cnPage.getByTestId('case-state').getAttribute('data-state'), 'accepted');
      const cnReport = cnPage.locator('[data-testid="case-report"][data-party="US"]');
      assert.equal(await cnReport.count(), 1);
      assert.match(await cnReport.getByTestId('case-report-actions').innerText(), /Servers seized; subscriber records obtained/);
      assert.match(await cnReport.getByTestId('case-report-timeliness').innerText(), /On time/);
    }, WAIT);
    const doc = (await apiFrom(cnPage)('GET', `/cases/${encodeURIComponent(caseId)}`)).body;
    const reportAt = doc.reports.find((r) => r.party === 'US').at;
    const dueUs = doc.next_due.US;
    assert.equal(Date.parse(dueUs) - Date.parse(reportAt), INTERVAL * 86_400_000, `US's next report is due ${INTERVAL} days after its report`);
    const usDue = cnPage.locator('[data-testid="case-side"][data-party="US"] [data-testid="case-side-due"]');
    assert.match(await usDue.innerText(), new RegExp(wall(dueUs, 'Asia/Shanghai')));
    assert.match(await usDue.innerText(), new RegExp(wall(dueUs, 'America/New_York')));
    assert.equal(await cnPage.locator('[data-testid="case-side"][data-party="US"] [data-testid="countdown"]').evaluate((e) => e.classList.contains('overdue')), false);

    // CN's list shows the latest phase and the lead officers of both sides.
    await cnPage.goto('/reports?tab=cases');
    const cnRow = cnPage.locator(`[data-testid="case-row"][data-id="${caseId}"]`);
    await eventually(async () => assert.match(await cnRow.getByTestId('case-latest-phase').innerText(), /Active/));
    assert.match(await cnRow.innerText(), /Li Wei/);
    assert.match(await cnRow.innerText(), /John Smith/);

    // The case page fits at both widths in both languages (nothing scrolls sideways).
    await cnPage.goto(`/reports/cases/${encodeURIComponent(caseId)}`);
    for (const locale of ['en', 'zh-CN']) {
      await switchLanguage(cnPage, locale);
      for (const width of [1024, 1440]) {
        await cnPage.setViewportSize({ width, height: 900 });
        await cnPage.getByTestId('case-report').first().waitFor();
        const m = await cnPage.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
        assert.ok(m.doc <= m.view, `${locale} @ ${width}px: the case page scrolls sideways (${m.doc} > ${m.view})`);
      }
    }
  } catch (e) {
    console.log(`# ${fed.output().split('\n').slice(-60).join('\n# ')}`);
    throw e;
  }
});
