// The 24/7 directory's pure logic: row order (stale first), the status cell, channels and
// languages, who may verify, and the API calls (fetch mocked).
import { describe, expect, it } from 'vitest';
import { ApiClient } from '@/shared/api/client';
import type { DirectoryContact } from '@/shared/api/types';
import {
  canVerify,
  countStale,
  directoryForm,
  directoryFormField,
  directoryInput,
  directoryStatus,
  formatChannel,
  formatLanguages,
  parseChannelLines,
  sortDirectory,
} from '@/features/directory/directory';

function contact(over: Partial<DirectoryContact>): DirectoryContact {
  return {
    id: 'c',
    party: 'CN',
    name: 'Name',
    organisation: 'Org',
    tier: 1,
    timezone: 'Asia/Shanghai',
    languages: ['zh-CN', 'en'],
    channels: [{ kind: 'phone', value: '+86 10 0000 0000' }],
    last_verified: '2026-11-18T00:00:00Z',
    stale: false,
    verify_by: '2027-02-16T00:00:00Z',
    ...over,
  };
}

describe('sortDirectory', () => {
  it('puts stale entries first, the never verified and longest unverified at the top', () => {
    const items = [
      contact({ id: 'fresh-us', party: 'US' }),
      contact({ id: 'old', stale: true, last_verified: '2025-06-01T00:00:00Z', verify_by: '2025-08-30T00:00:00Z' }),
      contact({ id: 'fresh-cn-t2', tier: 2 }),
      contact({ id: 'never', stale: true, last_verified: '', verify_by: '' }),
      contact({ id: 'older', stale: true, last_verified: '2025-01-01T00:00:00Z', verify_by: '2025-04-01T00:00:00Z' }),
      contact({ id: 'fresh-cn-t1' }),
    ];
    expect(sortDirectory(items).map((c) => c.id)).toEqual(['never', 'older', 'old', 'fresh-cn-t1', 'fresh-cn-t2', 'fresh-us']);
    // The input is left as it was.
    expect(items[0].id).toBe('fresh-us');
  });
  it('orders equal entries by party, tier, name, then id', () => {
    const items = [
      contact({ id: 'b', name: 'Zhang' }),
      contact({ id: 'a', name: 'Zhang' }),
      contact({ id: 'c', name: 'Li' }),
    ];
    expect(sortDirectory(items).map((c) => c.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('directoryStatus', () => {
  it('is verified (success) with the day it turns stale in the given zone', () => {
    const s = directoryStatus(contact({ verify_by: '2027-02-16T18:00:00Z' }), 'Asia/Shanghai');
    expect(s).toEqual({ kind: 'verified', tagType: 'success', verifyBy: '2027-02-17' });
  });
  it('is stale (warning) with the day it was due', () => {
    const s = directoryStatus(
      contact({ stale: true, last_verified: '2025-01-01T00:00:00Z', verify_by: '2025-04-01T00:00:00Z' }),
      'America/New_York',
    );
    expect(s).toEqual({ kind: 'stale', tagType: 'warning', verifyBy: '2025-03-31' });
  });
  it('is never verified (danger) with no date', () => {
    expect(directoryStatus(contact({ stale: true, last_verified: '', verify_by: '' }), 'UTC')).toEqual({
      kind: 'never',
      tagType: 'danger',
      verifyBy: '',
    });
  });
  it('falls back to UTC without a zone', () => {
    expect(directoryStatus(contact({ verify_by: '2027-02-16T23:30:00Z' }), '').verifyBy).toBe('2027-02-16');
  });
});

describe('channels, languages, roles', () => {
  it('formats a channel with its kind named', () => {
    expect(formatChannel({ kind: 'email', value: 'duty@example.org' })).toBe('email: duty@example.org');
    expect(formatChannel({ kind: 'phone', value: '+1 202' }, (k) => (k === 'phone' ? '电话' : k))).toBe('电话: +1 202');
  });
  it('lists languages in the console language', () => {
    const name = (tag: string) => ({ 'zh-CN': 'Chinese', en: 'English' })[tag] ?? tag;
    expect(formatLanguages(['zh-CN', 'en', 'fr'], name, 'en')).toBe('Chinese, English, fr');
    expect(formatLanguages(['zh-CN', 'en'], (t) => t, 'zh-CN')).toBe('zh-CN、en');
    expect(formatLanguages([], name, 'en')).toBe('');
  });
  it('lets only administrators and liaison officers verify', () => {
    expect(canVerify('administrator')).toBe(true);
    expect(canVerify('liaison_officer')).toBe(true);
    for (const r of ['supervisor', 'principal', 'auditor', '', null, undefined]) expect(canVerify(r)).toBe(false);
  });
  it('counts stale entries', () => {
    expect(countStale([contact({}), contact({ stale: true }), contact({ stale: true })])).toBe(2);
  });
});

describe('directory API calls', () => {
  it('lists with the filters and verifies with the CSRF header and no body', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const c = new ApiClient('/api/v1', async (url, init) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ items: [], total: 0, page: 1, per_page: 50 }), { status: 200 });
    });
    c.setCsrfToken('tok');
    await c.directory();
    await c.directory({ stale: true });
    await c.directory({ party: 'US', tier: 2, stale: false });
    await c.verifyContact('c/1');
    expect(seen.map((s) => s.url)).toEqual([
      '/api/v1/contacts',
      '/api/v1/contacts?stale=true',
      '/api/v1/contacts?party=US&tier=2&stale=false',
      '/api/v1/contacts/c%2F1/verify',
    ]);
    expect(seen[0].init.method).toBe('GET');
    expect(seen[3].init.method).toBe('POST');
    expect(seen[3].init.body).toBeUndefined();
    expect((seen[3].init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
  });
});

describe('the edit form', () => {
  it('reads an entry into text fields and back into the same body', () => {
    const c = contact({
      languages: ['zh-CN', 'en'],
      channels: [
        { kind: 'phone', value: '+86 10 0000 0000' },
        { kind: 'email', value: 'duty@cn.example' },
      ],
    });
    const f = directoryForm(c, 'UTC');
    expect(f.languages).toBe('zh-CN, en');
    expect(f.channels).toBe('phone: +86 10 0000 0000\nemail: duty@cn.example');
    expect(directoryInput(f)).toEqual({
      name: 'Name',
      organisation: 'Org',
      tier: 1,
      timezone: 'Asia/Shanghai',
      languages: ['zh-CN', 'en'],
      channels: c.channels,
    });
  });

  it('starts a new entry in the node time zone, empty', () => {
    expect(directoryForm(null, 'Asia/Shanghai')).toEqual({
      name: '',
      organisation: '',
      tier: 1,
      timezone: 'Asia/Shanghai',
      languages: '',
      channels: '',
    });
  });

  it('parses channel lines: known kinds, anything else as other, blanks skipped', () => {
    expect(parseChannelLines('Phone: +1 202 555 0100\n\n  signal:+1 202 555 0101 \nroom 4B, desk 2')).toEqual([
      { kind: 'phone', value: '+1 202 555 0100' },
      { kind: 'signal', value: '+1 202 555 0101' },
      { kind: 'other', value: 'room 4B, desk 2' },
    ]);
  });

  it('splits languages on commas and Chinese separators', () => {
    const f = { ...directoryForm(null, 'UTC'), languages: 'zh-CN，en、 fr ,' };
    expect(directoryInput(f).languages).toEqual(['zh-CN', 'en', 'fr']);
  });

  it('maps an API error field to the form field it belongs to', () => {
    expect(directoryFormField('channels[1].value')).toBe('channels');
    expect(directoryFormField('timezone')).toBe('timezone');
    expect(directoryFormField('party')).toBe('');
  });
});

describe('the directory API calls', () => {
  it('creates, edits and retires through the contacts routes', async () => {
    const calls: { url: string; method: string; body?: string }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body as string | undefined });
      return new Response(init.method === 'DELETE' ? null : '{"id":"x"}', {
        status: init.method === 'DELETE' ? 204 : 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as unknown as typeof fetch;
    const client = new ApiClient('/api/v1', fetchImpl);
    const input = directoryInput({ ...directoryForm(null, 'UTC'), name: 'A' });
    await client.createContact(input);
    await client.updateContact('a b', { tier: 2 });
    await client.retireContact('a b', 'left');
    await client.directory({ includeRetired: true });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/contacts',
      'PATCH /api/v1/contacts/a%20b',
      'DELETE /api/v1/contacts/a%20b?reason=left',
      'GET /api/v1/contacts?include_retired=true',
    ]);
    expect(JSON.parse(calls[0].body ?? '')).toEqual(input);
  });
});
