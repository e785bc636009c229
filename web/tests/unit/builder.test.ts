import { describe, expect, it } from 'vitest';
import {
  builderLayout,
  emptyForm,
  emptyIdentifier,
  errorKey,
  errorsByKey,
  formToContent,
  requestToForm,
} from '@/features/requests/builder/fields';
import { eventArgs } from '@/features/requests/detail/events';
import type { Request } from '@/shared/api/types';
import { CHECKLIST_ITEMS } from './fixtures/checklist';

// Budapest Art. 29(2) plus title and identifiers, as src/model/request.h describes preservation.
const PRESERVATION = [
  'title',
  'requesting_authority',
  'offence',
  'data_sought',
  'data_link',
  'custodian',
  'necessity',
  'mla_to_follow',
  'identifiers',
];

const names = (specs: { name: string }[]) => specs.map((s) => s.name);

describe('builderLayout (checklist-driven field visibility)', () => {
  it('shows exactly the type checklist items as required, in the server order', () => {
    const l = builderLayout(PRESERVATION);
    expect(names(l.required)).toEqual(PRESERVATION);
    expect(l.required.every((s) => s.required)).toBe(true);
    expect(l.basics).toEqual([]);
    expect(names(l.optional)).toEqual(['legal_basis', 'data_categories']);
    expect(l.optional.every((s) => !s.required)).toBe(true);
    expect(l.unknown).toEqual([]);
  });

  it('puts every content field in exactly one section', () => {
    for (const req of [PRESERVATION, ['title', 'offence'], [], ['data_categories', 'legal_basis']]) {
      const l = builderLayout(req);
      const all = [...names(l.basics), ...names(l.required), ...names(l.optional)].sort();
      expect(all).toEqual([...CHECKLIST_ITEMS].sort());
    }
  });

  it('keeps the title visible with the basics when a type does not require it', () => {
    const l = builderLayout(['offence', 'identifiers']);
    expect(names(l.basics)).toEqual(['title']);
    expect(names(l.required)).toEqual(['offence', 'identifiers']);
    expect(names(l.optional)).not.toContain('title');
  });

  it('changes with the type: what one type requires another leaves optional', () => {
    const advice = builderLayout(['title', 'requesting_authority', 'offence']);
    expect(names(advice.required)).not.toContain('custodian');
    expect(names(advice.optional)).toContain('custodian');
    expect(names(builderLayout(PRESERVATION).required)).toContain('custodian');
  });

  it('reports checklist items it does not know and ignores repeats', () => {
    const l = builderLayout(['title', 'title', 'victim_consent']);
    expect(names(l.required)).toEqual(['title']);
    expect(l.unknown).toEqual(['victim_consent']);
  });
});

describe('formToContent', () => {
  it('builds the API content, converting times from the chosen zone', () => {
    const f = emptyForm('zh-CN', 'Asia/Shanghai');
    f.type = 'preservation';
    f.requested_party = 'US';
    f.texts.title = { original: ' 勒索软件案 ', lang: 'zh-CN', translation: 'Ransomware case', translation_lang: 'en' };
    f.texts.custodian = { original: '', lang: 'zh-CN', translation: '', translation_lang: 'en' };
    f.mla_to_follow = true;
    f.respondByWall = '2026-12-01T08:00';
    f.identifiers = [
      { ...emptyIdentifier('America/New_York'), value: '203.0.113.7', port: '443', observedWall: '2026-11-19T20:02:03' },
      { ...emptyIdentifier('Asia/Shanghai'), value: '  ' },
      { ...emptyIdentifier('Asia/Shanghai'), kind: 'domain', value: 'evil.example', note: 'C2' },
    ];
    const { content, identifierRows } = formToContent(f);
    expect(content.type).toBe('preservation');
    expect(content.requested_party).toBe('US');
    expect(content.title).toEqual({ original: '勒索软件案', lang: 'zh-CN', translation: 'Ransomware case', translation_lang: 'en' });
    expect(content.custodian).toEqual({ original: '', lang: '', translation: '', translation_lang: '' });
    expect(content.mla_to_follow).toBe(true);
    expect(content.respond_by).toBe('2026-12-01T00:00:00Z');
    expect(content.identifiers).toEqual([
      { kind: 'ipv4', value: '203.0.113.7', port: 443, observed_at: '2026-11-20T01:02:03Z' },
      { kind: 'domain', value: 'evil.example', note: 'C2' },
    ]);
    expect(identifierRows).toEqual([0, 2]);
    // No reference typed: the key is left out so the node assigns one (and a patch keeps it).
    expect('requester_ref' in content).toBe(false);
    f.requester_ref = ' CN-77 ';
    expect(formToContent(f).content.requester_ref).toBe('CN-77');
  });

  it('passes a malformed port through so the server can name the field', () => {
    const f = emptyForm('en', 'UTC');
    f.identifiers = [{ ...emptyIdentifier('UTC'), value: '1.2.3.4', port: 'http' }];
    expect(formToContent(f).content.identifiers?.[0]).toEqual({ kind: 'ipv4', value: '1.2.3.4', port: 'http' });
  });

  it('round-trips a saved draft', () => {
    const r = {
      id: 'r1',
      state: 'draft',
      type: 'preservation',
      priority: 'P1',
      priority_area: 'hacking',
      requesting_party: 'CN',
      requested_party: 'US',
      direction: 'outgoing',
      title: { original: 'Case', lang: 'en', translation: '案件', translation_lang: 'zh-CN' },
      offence: { original: 'Intrusion', lang: 'en' },
      mla_to_follow: false,
      data_categories: ['traffic'],
      identifiers: [{ kind: 'ipv4', value: '203.0.113.7', port: 443, observed_at: '2026-11-20T01:02:03Z' }],
      confidentiality: 'confidential',
      respond_by: '2026-12-01T00:00:00Z',
      requester_ref: 'CN-1',
    } as unknown as Request;
    const f = requestToForm(r, 'en', 'Asia/Shanghai');
    expect(f.respondByWall).toBe('2026-12-01T08:00');
    expect(f.identifiers[0].observedWall).toBe('2026-11-20T09:02');
    const { content } = formToContent(f);
    expect(content.priority).toBe('P1');
    expect(content.confidentiality).toBe('confidential');
    expect(content.title?.translation).toBe('案件');
    expect(content.offence).toEqual({ original: 'Intrusion', lang: 'en', translation: '', translation_lang: '' });
    expect(content.mla_to_follow).toBe(false);
    expect(content.respond_by).toBe(r.respond_by);
    expect(content.identifiers?.[0].port).toBe(443);
  });
});

describe('server errors in the form', () => {
  it('maps error fields to form keys, identifiers to their form row', () => {
    expect(errorKey('title.original', [])).toBe('title');
    expect(errorKey('identifiers[1].value', [0, 3])).toBe('identifiers.3');
    expect(errorKey('identifiers[5]', [0])).toBe('identifiers');
    expect(errorKey('identifiers', [])).toBe('identifiers');
    expect(errorKey('', [])).toBe('');
    expect(
      errorsByKey(
        [
          { code: 'invalid_argument', message: 'bad address', field: 'identifiers[0].value' },
          { code: 'invalid_argument', message: 'second', field: 'identifiers[0].port' },
          { code: 'invalid_argument', message: 'bad time', field: 'respond_by' },
        ],
        [2],
      ),
    ).toEqual({ 'identifiers.2': 'bad address', respond_by: 'bad time' });
  });
});

describe('event arguments', () => {
  it('asks each event for what the state machine needs', () => {
    const req = (e: string) => eventArgs(e).filter((a) => a.required).map((a) => a.arg);
    expect(req('submit')).toEqual([]);
    expect(req('confirm_preserved')).toEqual(['preserved_until']);
    expect(req('request_info')).toEqual(['reason']);
    expect(req('postpone').sort()).toEqual(['reason', 'until']);
    expect(req('refuse')).toEqual(['ground']);
    expect(req('withdraw')).toEqual(['reason']);
    expect(req('close')).toEqual(['rating']);
    expect(eventArgs('acknowledge').map((a) => a.arg)).toEqual(['requested_ref']);
    expect(eventArgs('unknown_event')).toEqual([]);
  });
});
