// The emergency path's pure logic: who may acknowledge from the banner, its order, the
// written-confirmation state shown on both sides, the telephoned-request form's body, and the
// API calls (fetch replaced by a recorder).
import { describe, expect, it } from 'vitest';
import { ApiClient } from '@/shared/api/client';
import type { IncomingEmergency, Request } from '@/shared/api/types';
import { canAcknowledgeEmergency, oralFormToInput, sortEmergencies, writtenState } from '@/features/hotline/emergency';

const item = (id: string, submitted_at: string): IncomingEmergency => ({
  id,
  type: 'preservation',
  priority: 'P0',
  title: { original: id },
  requesting_party: 'CN',
  submitted_at,
  paged_at: '',
  paged_users: [],
  deadline: null,
});

describe('the incoming-emergency banner', () => {
  it('offers the acknowledgement to writers only', () => {
    for (const r of ['administrator', 'liaison_officer', 'supervisor', 'principal']) expect(canAcknowledgeEmergency(r)).toBe(true);
    for (const r of ['analyst', 'auditor', undefined]) expect(canAcknowledgeEmergency(r)).toBe(false);
  });
  it('puts the one that has waited longest first', () => {
    const sorted = sortEmergencies([item('b', '2026-11-21T02:00:00Z'), item('a', '2026-11-21T01:00:00Z'), item('c', '2026-11-21T01:00:00Z')]);
    expect(sorted.map((e) => e.id)).toEqual(['a', 'c', 'b']);
  });
});

describe('oral first, written later', () => {
  const oral = { caller: { party: 'CN', name: 'Wang' }, taken_by: 'admin', called_at: '2026-11-21T02:00:00Z', recorded_at: '', summary: 's' };
  const clock = (state: string) => ({
    started_at: '',
    paused: false,
    calendar: { party: 'US', timezone: 'America/New_York' },
    clocks: [{ clock: 'written_confirmation', amount: 10, unit: 'days', source: '', due_at: '', met_at: '', state, remaining_seconds: null, warn: false }],
  });
  it('says whether the written confirmation is due, overdue or given', () => {
    expect(writtenState({} as Request)).toBe('none');
    expect(writtenState({ oral, written_confirmed_at: '', deadlines: clock('running') } as Request)).toBe('due');
    expect(writtenState({ oral, written_confirmed_at: '', deadlines: clock('overdue') } as Request)).toBe('overdue');
    expect(writtenState({ oral, written_confirmed_at: '2026-11-22T00:00:00Z', deadlines: clock('met') } as Request)).toBe('confirmed');
  });
  it('turns the form into the API body, dropping empty parts and converting the call time', () => {
    const body = oralFormToInput({
      callerParty: 'CN',
      callerName: ' Inspector Wang ',
      callerOrganisation: '',
      callerPhone: '+861066262114',
      calledAt: '2026-11-21 10:10',
      zone: 'Asia/Shanghai',
      summary: ' preserve the logs ',
      type: 'preservation',
      priority: 'P0',
      title: 'Preserve C2 logs',
      lang: 'en',
      identifiers: [
        { kind: 'ipv4', value: ' 203.0.113.45 ' },
        { kind: 'domain', value: '' },
      ],
    });
    expect(body).toEqual({
      caller: { party: 'CN', name: 'Inspector Wang', phone: '+861066262114' },
      called_at: '2026-11-21T02:10:00Z',
      summary: 'preserve the logs',
      request: {
        type: 'preservation',
        priority: 'P0',
        title: { original: 'Preserve C2 logs', lang: 'en' },
        identifiers: [{ kind: 'ipv4', value: '203.0.113.45' }],
      },
    });
  });
});

describe('emergency API calls', () => {
  it('polls the banner, logs a call and confirms in writing with the CSRF header', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const c = new ApiClient('/api/v1', async (url, init) => {
      seen.push({ url, init });
      return new Response('{"items":[],"total":0}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    c.setCsrfToken('tok');
    await c.emergencies();
    await c.confirmInWriting('r/1', { mla_to_follow: true }, 'letter 7');
    expect(seen[0].url).toBe('/api/v1/hotline/emergencies');
    expect(seen[0].init.method).toBe('GET');
    expect(seen[1].url).toBe('/api/v1/requests/r%2F1/written-confirmation');
    expect(seen[1].init.method).toBe('POST');
    expect((seen[1].init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(JSON.parse(String(seen[1].init.body))).toEqual({ content: { mla_to_follow: true }, note: 'letter 7' });
  });
});
