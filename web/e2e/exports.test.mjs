// Export and print (issue 17) in the console: the register filtered to P0 requests exports as
// XLSX from its Export menu, and the downloaded workbook (its sheet read back with unzip)
// holds that request's reference and not the other's; a request's Print button downloads a
// PDF whose text (pdftotext) names its reference in both languages' form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedInNode, skipReason } from './node.mjs';

let skip = skipReason();
if (!skip && !existsSync('/usr/bin/unzip')) skip = 'unzip is not installed';
if (!skip && !existsSync('/usr/bin/pdftotext')) skip = 'pdftotext (poppler-utils) is not installed';
if (skip) console.log(`# SKIP e2e: ${skip}`);

function content(title, priority) {
  return {
    type: 'preservation',
    priority,
    priority_area: 'hacking',
    requested_party: 'US',
    title: { original: title, lang: 'en', translation: '保全日志', translation_lang: 'zh-CN' },
    requesting_authority: { original: 'MPS' },
    legal_basis: { original: 'MLAA 2000 Art. 1' },
    offence: { original: 'ransomware' },
    data_sought: { original: 'logs' },
    data_link: { original: 'C2 server' },
    custodian: { original: 'Example Hosting' },
    necessity: { original: 'overwritten in 30 days' },
    mla_to_follow: true,
    data_categories: ['traffic'],
    identifiers: [{ kind: 'ipv4', value: '198.51.100.7', port: 443 }],
  };
}

/** The cells' texts of sheet one of an XLSX file, row by row (inline and shared strings). */
function sheetRows(file) {
  const xml = execFileSync('/usr/bin/unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString('utf8');
  let shared = [];
  try {
    const sst = execFileSync('/usr/bin/unzip', ['-p', file, 'xl/sharedStrings.xml'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
    shared = [...sst.matchAll(/<si>(.*?)<\/si>/gs)].map((m) => [...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join(''));
  } catch {
    // constant-memory workbooks have no shared strings
  }
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<row[^>]*>(.*?)<\/row>/gs)].map((row) =>
    [...row[1].matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)].map(([, attrs, body = '']) => {
      const inline = body.match(/<t[^>]*>(.*?)<\/t>/s);
      if (inline) return unescape(inline[1]);
      const v = body.match(/<v>(.*?)<\/v>/s)?.[1] ?? '';
      return attrs.includes('t="s"') ? shared[Number(v)] : v;
    }),
  );
}

test('export the filtered register as XLSX and print a request', { skip, timeout: 180_000 }, async (t) => {
  const { page, api } = await signedInNode(t, { width: 1440 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-exports-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const urgent = await api('POST', '/requests', content('Urgent preservation for export', 'P0'));
  assert.equal(urgent.status, 201, JSON.stringify(urgent.body));
  const routine = await api('POST', '/requests', content('Routine preservation, not exported', 'P2'));
  assert.equal(routine.status, 201, JSON.stringify(routine.body));

  // The register filtered to P0, exported as XLSX from the Export menu.
  await page.goto('/requests?priority=P0');
  await page.getByTestId('register-title').first().waitFor();
  await page.getByTestId('register-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-export-xlsx').click()]);
  assert.equal(download.suggestedFilename(), 'register.xlsx');
  const xlsx = path.join(dir, 'register.xlsx');
  await download.saveAs(xlsx);
  const rows = sheetRows(xlsx);
  assert.equal(rows[0][0], "Requester's reference", JSON.stringify(rows[0]));
  assert.equal(rows.length, 2, JSON.stringify(rows)); // the header and the P0 request only
  assert.equal(rows[1][0], urgent.body.requester_ref);
  assert.ok(rows[1].includes('Urgent preservation for export'), JSON.stringify(rows[1]));
  assert.ok(!JSON.stringify(rows).includes(routine.body.requester_ref));

  // The request's Print button downloads its bilingual form.
  await page.goto(`/requests/${urgent.body.id}`);
  await page.getByTestId('detail-print').waitFor();
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('detail-print').click()]);
  assert.equal(pdfDownload.suggestedFilename(), `request-${urgent.body.requester_ref}.pdf`);
  const pdf = path.join(dir, 'request.pdf');
  await pdfDownload.saveAs(pdf);
  const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdf, '-']).toString('utf8');
  for (const s of [urgent.body.requester_ref, '协助请求', 'Request for assistance', '要素清单', 'Checklist', 'Urgent preservation for export']) {
    assert.ok(text.includes(s), `${s} not in the PDF:\n${text}`);
  }
});
