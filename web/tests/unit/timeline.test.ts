import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '@/shared/api/types';
import { EVENT_STEPS, buildTimeline } from '@/features/requests/detail/timeline';
import { QUEUED, RECORDS } from './fixtures/federation';

describe('buildTimeline', () => {
  const steps = buildTimeline(RECORDS);

  it('has one step per record plus the receipt of the submission, in ledger order', () => {
    expect(steps.map((s) => s.kind)).toEqual([
      'created',
      'submitted',
      'received',
      'acknowledged',
      'message',
      'attachment',
      'info_requested',
      'info_provided',
      'preserved',
      'fulfilled',
      'closed',
    ]);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
  });

  it('says who did each step, when, and who signed it', () => {
    const ack = steps.find((s) => s.kind === 'acknowledged')!;
    expect(ack).toMatchObject({
      party: 'US',
      signedBy: 'US',
      signatureValid: true,
      at: '2026-11-21T06:36:41.124Z',
      record: 'US:3',
      event: 'acknowledge',
      detail: { requested_ref: 'US-REF-1' },
      receipt: { by: 'CN', at: '2026-11-21T06:36:41.167Z', record: 'CN:3' },
      headerOnly: false,
      flag: '',
    });
    const submitted = steps.find((s) => s.kind === 'submitted')!;
    expect(submitted).toMatchObject({ party: 'CN', signedBy: 'CN', record: 'CN:2', receipt: { by: 'US', record: 'US:2' } });
  });

  it('makes the submission receipt a "received" step by the requested party at the receipt time', () => {
    const received = steps[2];
    expect(received).toMatchObject({
      kind: 'received',
      id: 'CN:2/received',
      party: 'US',
      signedBy: 'US',
      at: '2026-11-21T06:36:18.306Z',
      record: 'US:2',
      covers: 'CN:2',
      signatureValid: null,
      receipt: null,
    });
  });

  it('keeps the arguments of events and the content of messages and attachments', () => {
    const by = (k: string) => steps.find((s) => s.kind === k)!;
    expect(by('info_requested').detail).toEqual({ reason: 'need more logs detail' });
    expect(by('preserved').detail).toEqual({ preserved_until: '2027-02-01T00:00:00Z' });
    expect(by('closed').detail).toEqual({ rating: 4 });
    expect(by('message')).toMatchObject({ actor: 'admin', party: 'CN', detail: { body: { original: '你好', translation: 'hello' } } });
    expect(by('attachment')).toMatchObject({ actor: 'admin', detail: { filename: 'f.txt', size: 11, content_type: 'text/plain' } });
  });

  it('marks a receipt for a record whose content was not sent as covering the header only', () => {
    const created = steps[0];
    expect(created.kind).toBe('created');
    expect(created.receipt).toEqual({ by: 'US', at: '2026-11-21T06:36:15.412Z', record: 'US:1' });
    expect(created.headerOnly).toBe(true);
  });

  it('has no "received" step while the submission is queued', () => {
    const queued = buildTimeline(QUEUED);
    expect(queued.map((s) => s.kind)).toEqual(['created', 'submitted']);
    expect(queued[1].receipt).toBeNull();
  });

  it('carries the flag and an invalid signature', () => {
    const bad: LedgerRecord[] = RECORDS.map((r) =>
      r.seq === 3 ? { ...r, flag: 'created_at is 2 h ahead of our clock', signature_valid: false } : r,
    );
    const ack = buildTimeline(bad).find((s) => s.kind === 'acknowledged')!;
    expect(ack.flag).toBe('created_at is 2 h ahead of our clock');
    expect(ack.signatureValid).toBe(false);
  });

  it('names later draft edits, refusals, withdrawals and unknown events', () => {
    const [draft, submit] = QUEUED;
    const edit = { ...draft, seq: 13, created_at: '2026-11-21T06:37:34Z' };
    const refuse: LedgerRecord = {
      ...RECORDS[2],
      seq: 14,
      payload: { event: 'refuse', args: { ground: 'data_unavailable', reason: 'gone' } },
    };
    const odd: LedgerRecord = { ...RECORDS[2], seq: 15, payload: { event: 'teleport', args: {} } };
    const strange: LedgerRecord = { ...RECORDS[2], seq: 16, kind: 'contact.update', payload: null };
    const tl = buildTimeline([draft, edit, submit, refuse, odd, strange]);
    expect(tl.map((s) => s.kind)).toEqual(['created', 'edited', 'submitted', 'refused', 'other', 'other']);
    expect(tl[3].detail).toEqual({ ground: 'data_unavailable', reason: 'gone' });
    expect(tl[4].event).toBe('teleport');
    expect(tl[5].recordKind).toBe('contact.update');
    expect(EVENT_STEPS.withdraw).toBe('withdrawn');
  });

  it('places the received step after earlier steps of the submitting party', () => {
    // CN posts a message after submitting but before the US receipt arrives.
    const [draft, submit] = RECORDS;
    const msg: LedgerRecord = { ...RECORDS[3], seq: 3, created_at: '2026-11-21T06:36:18.290Z' };
    const kinds = buildTimeline([draft, submit, msg]).map((s) => s.kind);
    expect(kinds).toEqual(['created', 'submitted', 'message', 'received']);
  });

  it('skips receipt records and tolerates missing optional fields (older servers)', () => {
    const receipt: LedgerRecord = { ...RECORDS[1], origin: 'US', seq: 2, kind: 'receipt', payload: {} };
    const old: LedgerRecord = { ...RECORDS[1] };
    delete old.receipt;
    delete old.flag;
    delete old.recipients;
    const tl = buildTimeline([receipt, old]);
    expect(tl).toHaveLength(1);
    expect(tl[0]).toMatchObject({ kind: 'submitted', receipt: null, flag: '', headerOnly: false });
  });
});
