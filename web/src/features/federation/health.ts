// Health of a peer node as the Peers page shows it, from GET /peers:
//   red    the peer refuses one of our records (replication to it is held), or the last sync
//          attempt failed (last_error is set), whatever the last contact;
//   green  no error and the last successful contact is at most 60 s old;
//   amber  no error, but no contact for more than 60 s (or never yet).
// Pure functions of a peer and "now", so the rules are unit-tested (tests/unit/health.test.ts).
import type { Peer } from '@/shared/api/types';
import { parseTime } from '@/shared/util/time';

export type PeerHealth = 'green' | 'amber' | 'red';

/** A contact at most this old counts as current. */
export const CONTACT_FRESH_MS = 60_000;
/** A clock difference larger than this (either way) is highlighted. */
export const SKEW_LIMIT_MS = 60_000;

export type HealthReason = 'refused' | 'error' | 'never' | 'stale' | 'ok';

export interface HealthVerdict {
  health: PeerHealth;
  reason: HealthReason;
  /** Milliseconds since the last contact; null when there was none. */
  ageMs: number | null;
}

export function classifyPeer(
  peer: Pick<Peer, 'last_contact' | 'last_error'> & Partial<Pick<Peer, 'refused'>>,
  nowMs: number,
): HealthVerdict {
  const last = parseTime(peer.last_contact);
  // A contact time slightly ahead of this browser's clock is a fresh contact, not a future one.
  const ageMs = last ? Math.max(0, nowMs - last.getTime()) : null;
  if (peer.refused) return { health: 'red', reason: 'refused', ageMs };
  if ((peer.last_error ?? '').trim() !== '') return { health: 'red', reason: 'error', ageMs };
  if (ageMs === null) return { health: 'amber', reason: 'never', ageMs };
  if (ageMs <= CONTACT_FRESH_MS) return { health: 'green', reason: 'ok', ageMs };
  return { health: 'amber', reason: 'stale', ageMs };
}

export function peerHealth(peer: Pick<Peer, 'last_contact' | 'last_error'>, nowMs: number): PeerHealth {
  return classifyPeer(peer, nowMs).health;
}

/** True when the peer's clock differs from ours by more than SKEW_LIMIT_MS. */
export function skewAlarming(skewMs: number | null | undefined): boolean {
  return typeof skewMs === 'number' && Number.isFinite(skewMs) && Math.abs(skewMs) > SKEW_LIMIT_MS;
}

/** "+1 234 ms" / "-5 ms" / "0 ms": the sign says which way the peer's clock is off. */
export function formatSkew(skewMs: number | null | undefined): string {
  if (typeof skewMs !== 'number' || !Number.isFinite(skewMs)) return '—';
  const sign = skewMs > 0 ? '+' : skewMs < 0 ? '−' : '';
  return `${sign}${Math.abs(Math.round(skewMs)).toLocaleString('en-US')} ms`;
}

/**
 * How long ago `ageMs` was, in the console's language ("12 sec. ago", "12秒前"); "now" under a
 * second. Seconds up to a minute, minutes up to an hour, hours up to two days, then days.
 */
export function formatAge(ageMs: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const s = Math.floor(Math.max(0, ageMs) / 1000);
  if (s < 1) return rtf.format(0, 'second');
  if (s < 60) return rtf.format(-s, 'second');
  const m = Math.floor(s / 60);
  if (m < 60) return rtf.format(-m, 'minute');
  const h = Math.floor(m / 60);
  if (h < 48) return rtf.format(-h, 'hour');
  return rtf.format(-Math.floor(h / 24), 'day');
}

/** A long fingerprint or key as its first `head` and last `tail` characters around an ellipsis. */
export function truncateMiddle(text: string, head = 12, tail = 6): string {
  if (!text || text.length <= head + tail + 1) return text;
  return `${text.slice(0, head)}…${text.slice(-tail)}`;
}
