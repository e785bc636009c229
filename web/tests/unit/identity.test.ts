import { describe, expect, it } from 'vitest';
import { parseIdentity } from '@/features/federation/identity';

const ID = { party: 'US', url: 'https://10.0.0.2:8443', key: 'a2V5', tls_fingerprint: 'ab'.repeat(32) };

describe('a pasted peer identity', () => {
  it('reads the JSON the CLI prints, after any log lines', () => {
    expect(parseIdentity(JSON.stringify(ID))).toEqual({ ok: true, identity: ID });
    expect(parseIdentity(`[info] opened\n${JSON.stringify(ID)}\n`)).toEqual({ ok: true, identity: ID });
  });
  it('names each missing field', () => {
    expect(parseIdentity('{"party":"US","url":""}')).toEqual({ ok: false, error: 'missing', fields: ['url', 'key', 'tls_fingerprint'] });
  });
  it('says when it is not JSON at all', () => {
    expect(parseIdentity('party US')).toEqual({ ok: false, error: 'json', fields: [] });
    expect(parseIdentity('[1,2]')).toEqual({ ok: false, error: 'json', fields: [] });
  });
});
