import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, buildQuery, parseApiError } from '@/shared/api/client';

describe('parseApiError', () => {
  it('reads the contract error body', () => {
    const e = parseApiError(
      400,
      'Bad Request',
      '{"error":{"code":"invalid_argument","message":"not an IPv4 address","field":"identifiers[0].value"}}',
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toBe('not an IPv4 address');
    expect(e.field).toBe('identifiers[0].value');
    expect(e.missing).toEqual([]);
  });

  it('reads the missing items of an incomplete checklist', () => {
    const e = parseApiError(
      422,
      '',
      JSON.stringify({ error: { code: 'incomplete', field: 'checklist', message: 'checklist incomplete', missing: ['custodian', 'necessity', 7] } }),
    );
    expect(e.code).toBe('incomplete');
    expect(e.field).toBe('checklist');
    expect(e.missing).toEqual(['custodian', 'necessity']);
  });

  it('reads the TOTP prompt and the CSRF refusal', () => {
    expect(parseApiError(401, '', '{"error":{"code":"unauthenticated","message":"code needed","field":"totp"}}').field).toBe('totp');
    const csrf = parseApiError(403, '', '{"error":{"code":"permission_denied","field":"X-CSRF-Token"}}');
    expect(csrf.code).toBe('permission_denied');
    expect(csrf.field).toBe('X-CSRF-Token');
    expect(csrf.message).toBe('HTTP 403');
  });

  it('falls back to the status for bodies that are not the contract shape', () => {
    const html = parseApiError(502, 'Bad Gateway', '<html><body>proxy error</body></html>');
    expect(html.code).toBe('internal');
    expect(html.message).toBe('Bad Gateway');
    const empty = parseApiError(404, '', '');
    expect(empty.code).toBe('not_found');
    expect(empty.message).toBe('HTTP 404');
    const text = parseApiError(429, '', 'slow down');
    expect(text.code).toBe('resource_exhausted');
    expect(text.message).toBe('slow down');
    const odd = parseApiError(409, 'Conflict', '{"error":"conflict"}');
    expect(odd.code).toBe('failed_precondition');
    const noCode = parseApiError(413, 'Payload Too Large', '{"error":{"message":"file too large"}}');
    expect(noCode.code).toBe('too_large');
    expect(noCode.message).toBe('file too large');
  });
});

describe('buildQuery', () => {
  it('drops empty values', () => {
    expect(buildQuery({ q: 'a b', state: '', page: 2, x: undefined, y: null })).toBe('?q=a+b&page=2');
    expect(buildQuery({})).toBe('');
  });
});

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, body: string, seen: Seen[]) {
  return async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': 'application/json' } });
  };
}

describe('ApiClient', () => {
  it('sends the CSRF token on non-GET calls only, with same-origin credentials', async () => {
    const seen: Seen[] = [];
    const c = new ApiClient('/api/v1', fakeFetch(200, '{"items":[],"total":0,"page":1,"per_page":25}', seen));
    c.setCsrfToken('tok123');
    await c.listRequests({ q: 'x' });
    await c.validateRequest({ type: 'preservation', requested_party: 'US' });
    expect(seen[0].url).toBe('/api/v1/requests?q=x');
    expect((seen[0].init.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect(seen[0].init.credentials).toBe('same-origin');
    expect(seen[1].init.method).toBe('POST');
    expect((seen[1].init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
    expect((seen[1].init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(seen[1].init.body as string)).toEqual({ type: 'preservation', requested_party: 'US' });
  });

  it('throws ApiError with the parsed body and reports an expired session', async () => {
    const seen: Seen[] = [];
    const c = new ApiClient('/api/v1', fakeFetch(401, '{"error":{"code":"unauthenticated","message":"no session"}}', seen));
    let expired = 0;
    c.onUnauthenticated = () => expired++;
    await expect(c.getRequest('abc')).rejects.toMatchObject({ status: 401, code: 'unauthenticated', message: 'no session' });
    expect(expired).toBe(1);
    // A failed log-in is not an expired session.
    await expect(c.login('u', 'p')).rejects.toMatchObject({ status: 401, code: 'unauthenticated', message: 'no session' });
    expect(expired).toBe(1);
  });

  it('answers 204 with undefined', async () => {
    const c = new ApiClient('/api/v1', fakeFetch(204, '', []));
    await expect(c.logout()).resolves.toBeUndefined();
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const c = new ApiClient('/api/v1', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(c.me()).rejects.toMatchObject({ status: 0, code: 'unavailable', message: 'Failed to fetch' });
  });

  it('uploads the raw file with its content type and name', async () => {
    const seen: Seen[] = [];
    const c = new ApiClient('/api/v1', fakeFetch(201, '{"sha256":"ab"}', seen));
    c.setCsrfToken('t');
    const file = new File(['hello'], 'log 1.txt', { type: 'text/plain' });
    await c.uploadAttachment('r1', file);
    expect(seen[0].url).toBe('/api/v1/requests/r1/attachments?filename=log+1.txt');
    expect((seen[0].init.headers as Record<string, string>)['Content-Type']).toBe('text/plain');
    expect(seen[0].init.body).toBe(file);
  });
});

describe('export and print URLs', () => {
  const c = new ApiClient('/api/v1', async () => new Response(''));
  it('exports every row of the filter: paging dropped, format and lang added', () => {
    expect(c.exportUrl('/requests', { state: 'draft,submitted', q: '', page: 3, per_page: 25 }, 'xlsx', 'zh-CN')).toBe(
      '/api/v1/requests?state=draft%2Csubmitted&format=xlsx&lang=zh-CN',
    );
    expect(c.auditCsvUrl({ actor: 'admin', page: 2 })).toBe('/api/v1/audit?actor=admin&format=csv');
  });
  it('prints a request as its PDF', () => {
    expect(c.requestPdfUrl('a b')).toBe('/api/v1/requests/a%20b.pdf');
  });
});
