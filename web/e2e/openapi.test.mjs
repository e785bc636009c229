// The served OpenAPI document describes what the server really returns: two real nodes, a
// request, an indicator set, an escalation, a drill, a directory entry, ... and every answer
// the console reads is checked against the response schema the document gives for its route
// (the schemas the console's types are generated from). A field the server renames, drops or
// adds without the document fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WEB_DIR, apiFrom, eventually, federationWithBrowser, logIn, newPage, skipReason } from './node.mjs';

// The document the console's types are generated from (the node serves it, embedded by the build).
const doc = JSON.parse(readFileSync(path.join(WEB_DIR, '..', 'src', 'kernel', 'http', 'openapi.json'), 'utf8'));

const skip = skipReason();
if (skip) console.log(`# SKIP e2e: ${skip}`);

/**
 * Problems of `value` against `schema` (JSON Schema as OpenAPI 3.1 uses it: $ref, type, enum,
 * properties, required, items, additionalProperties, oneOf). Properties the schema does not
 * list are problems too: the document must name every field the server sends.
 */
function problems(schema, value, at = '$') {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return problems(target, value, at);
  }
  if (schema.oneOf) {
    const each = schema.oneOf.map((s) => problems(s, value, at));
    if (each.some((p) => p.length === 0)) return [];
    return each.reduce((a, b) => (a.length <= b.length ? a : b));
  }
  const types = schema.type === undefined ? [] : [].concat(schema.type);
  const typeOf = (v) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  if (types.length) {
    const t = typeOf(value);
    const ok = types.includes(t) || (t === 'integer' && types.includes('number'));
    if (!ok) return [`${at}: ${JSON.stringify(value)} is ${t}, not ${types.join('|')}`];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in ${schema.enum.join('|')}`];
  const out = [];
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => out.push(...problems(schema.items, v, `${at}[${i}]`)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && (schema.properties || schema.additionalProperties)) {
    const props = schema.properties ?? {};
    for (const r of schema.required ?? []) if (!(r in value)) out.push(`${at}.${r}: missing`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) out.push(...problems(props[k], v, `${at}.${k}`));
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        out.push(...problems(schema.additionalProperties, v, `${at}.${k}`));
      else out.push(`${at}.${k}: not in the document`);
    }
  }
  return out;
}

/** The 2xx response schema the document gives for `method path` (path as in the document). */
function responseSchema(method, path) {
  const op = doc.paths[`/api/v1${path}`]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is in the document`);
  const code = Object.keys(op.responses).find((c) => c.startsWith('2'));
  const schema = op.responses[code]?.content?.['application/json']?.schema;
  assert.ok(schema, `${method} ${path} has a response schema`);
  return schema;
}

test('every answer the console reads matches its schema in openapi.json', { skip, timeout: 180_000 }, async (t) => {
  const { fed, browser } = await federationWithBrowser(t);
  const page = await newPage(browser, fed.cn.baseUrl, 'en-US');
  await logIn(page, fed.cn);
  const api = apiFrom(page);
  const checked = [];
  const found = [];

  /** Calls the API and checks the answer against the route's schema; returns the body. */
  async function check(method, route, path = route, body = undefined) {
    const res = await api(method, path, body);
    assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    for (const p of problems(responseSchema(method, route), res.body)) found.push(`${method} ${route} ${p}`);
    checked.push(`${method} ${route}`);
    return res.body;
  }

  await check('GET', '/node');
  await check('GET', '/request-types');
  await check('GET', '/auth/me');

  // A request: draft, validated, submitted to the US node (delivered with its receipt).
  const content = {
    type: 'preservation',
    priority: 'P1',
    priority_area: 'hacking',
    requested_party: 'US',
    title: { original: 'Schema check', lang: 'en' },
    requesting_authority: { original: 'MPS' },
    legal_basis: { original: 'Budapest Art. 29' },
    offence: { original: 'ransomware' },
    data_sought: { original: 'logs' },
    data_link: { original: 'C2 server' },
    custodian: { original: 'Example Hosting' },
    necessity: { original: 'overwritten in 30 days' },
    mla_to_follow: true,
    data_categories: ['traffic'],
    identifiers: [{ kind: 'ipv4', value: '198.51.100.7', port: 443 }],
  };
  await check('POST', '/requests/validate', '/requests/validate', content);
  const draft = await check('POST', '/requests', '/requests', content);
  const id = encodeURIComponent(draft.id);
  await check('PATCH', '/requests/{id}', `/requests/${id}`, { requester_ref: 'SCHEMA-1' });
  await check('POST', '/requests/{id}/messages', `/requests/${id}/messages`, { body: { original: 'hello', lang: 'en' } });
  const upload = await page.evaluate(async (path) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const res = await fetch(`/api/v1${path}?filename=log.txt`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': me.csrf_token, 'Content-Type': 'text/plain' },
      body: 'a line of log\n',
    });
    return { status: res.status, body: await res.json() };
  }, `/requests/${id}/attachments`);
  assert.ok(upload.status >= 200 && upload.status < 300, JSON.stringify(upload));
  for (const p of problems(responseSchema('POST', '/requests/{id}/attachments'), upload.body)) found.push(`POST attachment ${p}`);
  await check('POST', '/requests/{id}/events', `/requests/${id}/events`, { event: 'submit' });
  await eventually(async () => {
    const r = await api('GET', `/requests/${id}`);
    assert.equal(r.body.delivery?.state, 'delivered');
  }, 30_000);
  await check('GET', '/requests/{id}', `/requests/${id}`);
  await check('GET', '/requests', '/requests?per_page=50');
  await check('GET', '/requests/{id}/records', `/requests/${id}/records`);
  await check('GET', '/requests/{id}/messages', `/requests/${id}/messages`);
  await check('GET', '/requests/{id}/attachments', `/requests/${id}/attachments`);

  // Federation.
  await eventually(async () => {
    const peers = (await api('GET', '/peers')).body;
    assert.ok(peers.items.some((p) => p.party === 'US' && p.last_contact));
  }, 30_000);
  await check('GET', '/peers');
  await check('GET', '/quarantine');

  // Indicator sharing.
  const set = await check('POST', '/indicator-sets', '/indicator-sets', {
    name: 'Schema set',
    tlp: 'amber',
    recipients: ['US'],
    indicators: ['198.51.100.8', { value: 'bad.example', confidence: 70, tags: ['c2'] }],
  });
  const sid = encodeURIComponent(set.id);
  await check('GET', '/indicator-sets');
  await check('GET', '/indicator-sets/{id}', `/indicator-sets/${sid}`);
  await check('GET', '/indicator-sets/{id}/indicators', `/indicator-sets/${sid}/indicators`);
  await check('GET', '/sightings', `/sightings?set=${sid}`);

  // The hotline.
  const esc = await check('POST', '/hotline/escalations', '/hotline/escalations', {
    request_id: draft.id,
    counterpart: 'US',
    tier: 1,
    reason: 'schema check',
  });
  await check('GET', '/hotline/escalations', '/hotline/escalations?state=all');
  await check('GET', '/hotline/escalations/{id}', `/hotline/escalations/${encodeURIComponent(esc.id)}`);
  await check('GET', '/hotline/oncall');
  await check('GET', '/hotline/rosters');
  await check('POST', '/hotline/contacts', '/hotline/contacts', {
    tier: 1,
    caller: { party: 'CN', name: 'Li' },
    callee: { party: 'US', name: 'Smith' },
    channel: 'phone',
    started_at: '2026-11-02T01:00:00Z',
    answered_at: '2026-11-02T01:00:30Z',
    ended_at: '2026-11-02T01:10:00Z',
    request_ids: [draft.id],
    summary: 'schema check',
    action_items: [{ text: 'send logs', owner: 'US', due: '2026-11-09' }],
    escalation_id: '',
    drill: false,
  });
  await check('GET', '/hotline/contacts');
  await check('POST', '/hotline/drills', '/hotline/drills', { tiers: [1], ack_within_seconds: 600 });
  await check('GET', '/hotline/drills');
  await check('GET', '/hotline/emergencies');
  await check('GET', '/hotline/review', '/hotline/review?from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z');
  await check('POST', '/hotline/escalations/{id}/acknowledge', `/hotline/escalations/${encodeURIComponent(esc.id)}/acknowledge`, {});

  // The directory.
  const entry = await check('POST', '/contacts', '/contacts', {
    name: 'Wang',
    organisation: 'MPS',
    tier: 1,
    timezone: 'Asia/Shanghai',
    languages: ['zh-CN', 'en'],
    channels: [{ kind: 'phone', value: '+86 10 0000 0000' }],
  });
  await check('POST', '/contacts/{id}/verify', `/contacts/${encodeURIComponent(entry.id)}/verify`);
  await check('GET', '/contacts/{id}', `/contacts/${encodeURIComponent(entry.id)}`);
  await check('GET', '/contacts');

  assert.deepEqual(found, [], 'answers against the document');
  assert.ok(checked.length >= 35, `checked ${checked.length} answers`);
});
