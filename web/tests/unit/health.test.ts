import { describe, expect, it } from 'vitest';
import {
  CONTACT_FRESH_MS,
  classifyPeer,
  formatAge,
  formatSkew,
  peerHealth,
  skewAlarming,
  truncateMiddle,
} from '@/features/federation/health';
import { canSeeQuarantine } from '@/features/federation/access';
import { PEER_DOWN, PEER_NEW, PEER_OK } from './fixtures/federation';

const contact = Date.parse(PEER_OK.last_contact);

describe('peer health', () => {
  it('is green without error and a contact at most 60 s old', () => {
    expect(peerHealth(PEER_OK, contact)).toBe('green');
    expect(peerHealth(PEER_OK, contact + 5_000)).toBe('green');
    expect(peerHealth(PEER_OK, contact + CONTACT_FRESH_MS)).toBe('green');
    expect(classifyPeer(PEER_OK, contact + 12_000)).toEqual({ health: 'green', reason: 'ok', ageMs: 12_000 });
  });

  it('is amber without error when the last contact is older than 60 s', () => {
    expect(peerHealth(PEER_OK, contact + CONTACT_FRESH_MS + 1)).toBe('amber');
    expect(classifyPeer(PEER_OK, contact + 3_600_000)).toEqual({ health: 'amber', reason: 'stale', ageMs: 3_600_000 });
  });

  it('is red while the peer refuses one of our records, even with a fresh contact', () => {
    const refused = { ...PEER_OK, refused: { seq: 42, reason: 'HTTP 400: too deep', since: PEER_OK.last_contact } };
    expect(classifyPeer(refused, contact + 1_000)).toEqual({ health: 'red', reason: 'refused', ageMs: 1_000 });
    expect(classifyPeer({ ...PEER_OK, refused: null }, contact + 1_000).health).toBe('green');
  });

  it('is amber for a peer never contacted yet', () => {
    expect(classifyPeer(PEER_NEW, contact)).toEqual({ health: 'amber', reason: 'never', ageMs: null });
    expect(peerHealth({ last_contact: 'garbage', last_error: '' }, contact)).toBe('amber');
  });

  it('is red whenever the last error is set, even right after a contact', () => {
    const at = Date.parse(PEER_DOWN.last_contact);
    expect(peerHealth(PEER_DOWN, at + 1_000)).toBe('red');
    expect(peerHealth(PEER_DOWN, at + 600_000)).toBe('red');
    expect(classifyPeer(PEER_DOWN, at + 1_000).reason).toBe('error');
    expect(peerHealth({ ...PEER_NEW, last_error: 'TLS fingerprint mismatch' }, contact)).toBe('red');
  });

  it('ignores a blank error and treats a contact slightly ahead of our clock as fresh', () => {
    expect(peerHealth({ ...PEER_OK, last_error: '  ' }, contact)).toBe('green');
    expect(classifyPeer(PEER_OK, contact - 2_000)).toEqual({ health: 'green', reason: 'ok', ageMs: 0 });
  });
});

describe('clock skew', () => {
  it('alarms beyond a minute either way', () => {
    expect(skewAlarming(PEER_OK.skew_ms)).toBe(false);
    expect(skewAlarming(60_000)).toBe(false);
    expect(skewAlarming(60_001)).toBe(true);
    expect(skewAlarming(-90_000)).toBe(true);
    expect(skewAlarming(Number.NaN)).toBe(false);
    expect(skewAlarming(undefined)).toBe(false);
  });

  it('prints the sign and the milliseconds', () => {
    expect(formatSkew(5)).toBe('+5 ms');
    expect(formatSkew(-90_000)).toBe('−90,000 ms');
    expect(formatSkew(0)).toBe('0 ms');
    expect(formatSkew(undefined)).toBe('—');
  });
});

describe('formatting', () => {
  it('says how long ago in both languages', () => {
    expect(formatAge(0, 'en')).toBe('now');
    // Intl's short English style; the trailing dots vary between ICU versions.
    expect(formatAge(12_400, 'en')).toMatch(/^12 sec\.? ago$/);
    expect(formatAge(5 * 60_000, 'en')).toMatch(/^5 min\.? ago$/);
    expect(formatAge(3 * 3_600_000, 'en')).toMatch(/^3 hr\.? ago$/);
    expect(formatAge(3 * 86_400_000, 'en')).toBe('3 days ago');
    expect(formatAge(12_400, 'zh-CN')).toMatch(/12\s*秒.*前/);
    expect(formatAge(5 * 60_000, 'zh-CN')).toMatch(/5\s*分钟前/);
  });

  it('truncates long fingerprints in the middle', () => {
    expect(truncateMiddle(PEER_OK.tls_fingerprint)).toBe('7a3e296e2c75…300520');
    expect(truncateMiddle('abc')).toBe('abc');
  });
});

describe('quarantine access', () => {
  it('is for administrators and auditors only', () => {
    expect(canSeeQuarantine('administrator')).toBe(true);
    expect(canSeeQuarantine('auditor')).toBe(true);
    for (const r of ['liaison_officer', 'analyst', 'supervisor', 'principal', '', undefined]) {
      expect(canSeeQuarantine(r)).toBe(false);
    }
  });
});
