// Layout at the two widths officers use (1024 and 1440 px), in both languages: the top bar
// stays on one row inside the window, and no register column is clipped (the register hides
// its lowest-priority columns instead, and says which). Boxes are measured, not screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signedInNode, skipReason, switchLanguage } from './node.mjs';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

const WIDTHS = [1024, 1440];
const LOCALES = ['en', 'zh-CN'];

function content(title, i) {
  return {
    type: 'preservation',
    priority: i % 2 ? 'P0' : 'P1',
    priority_area: 'hacking',
    requested_party: 'US',
    title: { original: title, lang: 'en', translation: '关于勒索软件控制服务器日志保全的请求', translation_lang: 'zh-CN' },
    requesting_authority: { original: 'MPS' },
    legal_basis: { original: 'MLAA 2000 Art. 1' },
    offence: { original: 'ransomware' },
    data_sought: { original: 'logs' },
    data_link: { original: 'C2 server' },
    custodian: { original: 'Example Hosting' },
    necessity: { original: 'overwritten in 30 days' },
    mla_to_follow: true,
    data_categories: ['traffic'],
    identifiers: [{ kind: 'ipv4', value: `198.51.100.${i + 7}`, port: 443 }],
  };
}

/** Boxes of the top bar and its items, and of the register's panel, table and header cells. */
function measure(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height };
    };
    const bar = document.querySelector('[data-testid="topbar"]');
    // Only what is shown (links moved into "More" have no box).
    const items = [...bar.querySelectorAll('.brand > *, .nav-link, .right > *, [data-testid^="lang-"]')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .map((el) => ({ name: el.dataset.testid || el.className, ...box(el) }));
    const nav = bar.querySelector('[data-testid="topbar-nav"]');
    // The bar's rows of items left to right: brand, nav links, the right-hand group.
    const row = [...bar.querySelectorAll('.brand > *, .nav > *, .right > *')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .map((el) => ({ name: el.dataset.testid || el.className, ...box(el) }))
      .sort((a, b) => a.left - b.left);
    const panel = document.querySelector('[data-testid="register-panel"]');
    const heads = [...panel.querySelectorAll('thead th')].map((th) => ({ col: th.dataset.col, ...box(th) }));
    return {
      viewport: document.documentElement.clientWidth,
      bar: { ...box(bar), scrollWidth: bar.scrollWidth, clientWidth: bar.clientWidth },
      nav: { ...box(nav), scrollWidth: nav.scrollWidth, clientWidth: nav.clientWidth },
      items,
      row,
      panel: { ...box(panel), scrollWidth: panel.scrollWidth, clientWidth: panel.clientWidth },
      heads,
      docScroll: document.documentElement.scrollWidth,
    };
  });
}

test('top bar and register fit at 1024 and 1440 px in both languages', { skip, timeout: 240_000 }, async (t) => {
  const { page, api } = await signedInNode(t);
  // Long titles and a submitted request (deadline, delivery, respond-by): the widest rows.
  for (let i = 0; i < 3; i++) {
    const res = await api('POST', '/requests', content(`Preservation of logs for the ransomware C2 server seen in campaign ${i}`, i));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    if (i > 0) {
      const sub = await api('POST', `/requests/${encodeURIComponent(res.body.id)}/events`, { event: 'submit' });
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
    }
  }

  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/requests');
      await page.getByTestId('register-row').first().waitFor();
      // The register settles its columns after a resize (one frame per hidden column).
      await page.waitForFunction(() => {
        const p = document.querySelector('[data-testid="register-panel"]');
        return p && p.scrollWidth <= p.clientWidth;
      }, null, { timeout: 5_000 }).catch(() => {});
      const m = await measure(page);
      const where = `${locale} @ ${width}px`;

      // Top bar: nothing past its edge, every item on one row inside the window.
      assert.ok(m.bar.scrollWidth <= m.bar.clientWidth, `${where}: top bar overflows (${m.bar.scrollWidth} > ${m.bar.clientWidth})`);
      assert.ok(m.bar.height <= 56, `${where}: top bar is ${m.bar.height}px high (wrapped)`);
      for (const it of m.items) {
        assert.ok(it.right <= m.viewport + 0.5, `${where}: ${it.name} ends at ${it.right} past ${m.viewport}`);
        assert.ok(it.top >= m.bar.top && it.bottom <= m.bar.bottom + 0.5, `${where}: ${it.name} outside the bar's row`);
      }
      // Nothing hidden behind anything else: the nav holds its links, items do not overlap.
      assert.ok(m.nav.scrollWidth <= m.nav.clientWidth + 0.5, `${where}: nav links overflow the nav (${m.nav.scrollWidth} > ${m.nav.clientWidth})`);
      for (let i = 1; i < m.row.length; i++) {
        const [a, b] = [m.row[i - 1], m.row[i]];
        assert.ok(a.right <= b.left + 0.5, `${where}: ${a.name} (to ${a.right}) overlaps ${b.name} (from ${b.left})`);
      }
      const navTops = new Set(m.items.filter((i) => String(i.name).startsWith('nav-')).map((i) => Math.round(i.top)));
      assert.equal(navTops.size, 1, `${where}: nav items on ${navTops.size} rows`);
      assert.ok(m.items.some((i) => i.name === 'lang-zh-CN') && m.items.some((i) => i.name === 'lang-en'), `${where}: language buttons present`);
      assert.ok(m.docScroll <= m.viewport, `${where}: page scrolls sideways (${m.docScroll} > ${m.viewport})`);

      // Register: no header cell ends past the panel, no horizontal scrolling inside it.
      assert.ok(m.panel.scrollWidth <= m.panel.clientWidth, `${where}: register is ${m.panel.scrollWidth}px in a ${m.panel.clientWidth}px box`);
      for (const h of m.heads) {
        assert.ok(h.right <= m.panel.right + 0.5, `${where}: column ${h.col} clipped (${h.right} > ${m.panel.right})`);
      }
      const cols = m.heads.map((h) => h.col);
      for (const c of ['reference', 'title', 'state', 'deadline']) assert.ok(cols.includes(c), `${where}: ${c} shown (${cols})`);
      if (width === 1440) assert.ok(cols.includes('respond_by') && cols.includes('updated_at'), `${where}: ${cols}`);
    }
  }
});

test('the register column chooser is kept per user across reloads', { skip, timeout: 120_000 }, async (t) => {
  const { node, page, api } = await signedInNode(t);
  await page.setViewportSize({ width: 1440, height: 900 });
  assert.equal((await api('POST', '/requests', content('Column chooser', 0))).status, 201);
  await page.goto('/requests');
  await page.getByTestId('register-row').first().waitFor();
  const heads = () => page.locator('[data-testid="register-table"] thead th').evaluateAll((ths) => ths.map((th) => th.dataset.col));
  assert.ok((await heads()).includes('type'));
  assert.ok(!(await heads()).includes('created_at'), 'Created is off by default');

  await page.getByTestId('register-columns').click();
  await page.getByTestId('register-column-type').click();
  await page.getByTestId('register-column-created_at').click();
  await page.reload();
  await page.getByTestId('register-row').first().waitFor();
  const after = await heads();
  assert.ok(!after.includes('type'), `type hidden after reload: ${after}`);
  assert.ok(after.includes('created_at'), `created shown after reload: ${after}`);
  const stored = await page.evaluate((u) => localStorage.getItem(`liaison.register.columns.${u}`), node.username);
  assert.ok(stored && !JSON.parse(stored).includes('type'), `stored per user: ${stored}`);
});

/** Boxes of the directory's panel, its header cells and every action button. */
function measureDirectory(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    const panel = document.querySelector('[data-testid="directory-table"]').parentElement;
    const table = document.querySelector('[data-testid="directory-table"]');
    const buttons = [...table.querySelectorAll('td.actions button')].map((b) => ({
      text: b.textContent.trim(),
      ...box(b),
      clipped: b.scrollWidth > b.clientWidth + 0.5,
    }));
    return {
      viewport: document.documentElement.clientWidth,
      panel: { ...box(panel), scrollWidth: panel.scrollWidth, clientWidth: panel.clientWidth },
      heads: [...table.querySelectorAll('thead th')].map((th, i) => ({ i, text: th.textContent.trim(), ...box(th) })),
      buttons,
      docScroll: document.documentElement.scrollWidth,
    };
  });
}

test('the directory, with its action column, fits at 1024 and 1440 px in both languages', { skip, timeout: 180_000 }, async (t) => {
  const { page, api } = await signedInNode(t);
  // The widest rows an officer meets: a long organisation, several channels, two zones.
  for (const [name, tier, zone] of [['Wang Xiaoming', 1, 'Asia/Shanghai'], ['Jennifer Alexandra Richardson', 3, 'America/New_York']]) {
    const res = await api('POST', '/contacts', {
      party: 'CN',
      name,
      organisation: 'Ministry of Public Security, Cybersecurity Bureau, International Cooperation Division',
      tier,
      timezone: zone,
      languages: ['zh-CN', 'en'],
      channels: [
        { kind: 'phone', value: '+86 10 6620 0000' },
        { kind: 'email', value: 'international.cooperation.duty@cybersecurity-bureau.example.cn' },
        { kind: 'signal', value: '+86 10 6620 0001' },
      ],
      last_verified: '2025-01-01T00:00:00Z',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/directory');
      await page.getByTestId('directory-verify').first().waitFor();
      const m = await measureDirectory(page);
      const where = `${locale} @ ${width}px`;
      assert.ok(m.buttons.length >= 6, `${where}: the action buttons are shown (${m.buttons.length})`);
      assert.ok(m.panel.scrollWidth <= m.panel.clientWidth, `${where}: directory is ${m.panel.scrollWidth}px in a ${m.panel.clientWidth}px box`);
      for (const h of m.heads) {
        assert.ok(h.right <= m.panel.right + 0.5, `${where}: column ${h.i} "${h.text}" clipped (${h.right} > ${m.panel.right})`);
      }
      for (const b of m.buttons) {
        assert.ok(b.right <= m.panel.right + 0.5, `${where}: button "${b.text}" clipped (${b.right} > ${m.panel.right})`);
        assert.ok(!b.clipped, `${where}: button "${b.text}" cuts its own text`);
      }
      assert.ok(m.docScroll <= m.viewport, `${where}: page scrolls sideways (${m.docScroll} > ${m.viewport})`);
    }
  }
});
