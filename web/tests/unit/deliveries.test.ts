import { describe, expect, it } from 'vitest';
import { deliveryTagType, summarisePages } from '@/features/admin/deliveries';

const d = (username: string, channel: string, status: string, created_at: string, last_error = '') => ({
  username,
  channel,
  status,
  attempts: status === 'pending' ? 2 : 1,
  last_error,
  created_at,
});

describe('notification deliveries', () => {
  it('colours sent, retrying and failed', () => {
    expect(deliveryTagType('sent')).toBe('success');
    expect(deliveryTagType('pending')).toBe('warning');
    expect(deliveryTagType('failed')).toBe('danger');
    expect(deliveryTagType('other')).toBe('info');
  });

  it('keeps the latest page per person and channel', () => {
    const s = summarisePages([
      d('li', 'email', 'failed', '2026-11-05T01:00:00Z', 'e-mail is disabled: no SMTP url'),
      d('li', 'email', 'sent', '2026-11-05T02:00:00Z'),
      d('li', 'webhook', 'pending', '2026-11-05T01:00:00Z', 'connection refused'),
      d('amy', 'email', 'failed', '2026-11-05T01:00:00Z', 'e-mail is disabled: no SMTP url'),
    ]);
    expect(s.lines).toEqual([
      { username: 'amy', channel: 'email', status: 'failed', attempts: 1, last_error: 'e-mail is disabled: no SMTP url', pages: 1 },
      { username: 'li', channel: 'email', status: 'sent', attempts: 1, last_error: '', pages: 2 },
      { username: 'li', channel: 'webhook', status: 'pending', attempts: 2, last_error: 'connection refused', pages: 1 },
    ]);
    expect(s.failed).toBe(1);
    expect(s.nobodyReached).toBe(false);
  });

  it('says nobody was reached only when every page failed for good', () => {
    expect(summarisePages([]).nobodyReached).toBe(false);
    expect(summarisePages([d('li', 'email', 'failed', 'a'), d('li', 'webhook', 'failed', 'a')]).nobodyReached).toBe(true);
    expect(summarisePages([d('li', 'email', 'failed', 'a'), d('li', 'webhook', 'pending', 'a')]).nobodyReached).toBe(false);
  });
});
