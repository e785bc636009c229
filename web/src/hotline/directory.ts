// The 24/7 point-of-contact directory (GET /contacts): the order rows are shown in (stale
// first: those are the ones to re-confirm), each row's status tag, and how channels and
// languages read. `stale` and `verify_by` come from the server ([directory] verify_days).
import type { DirectoryChannel, DirectoryContact } from '@/api/types';
import { formatInZone, parseTime } from '@/util/time';

/** Who may record a check (POST /contacts/{id}/verify); the server refuses the others. */
export const VERIFY_ROLES: readonly string[] = ['administrator', 'liaison_officer'];

export function canVerify(role: string | null | undefined): boolean {
  return !!role && VERIFY_ROLES.includes(role);
}

/**
 * Stale entries first, the longest unverified (never verified) at the top; then by party,
 * tier and name. Returns a new array.
 */
export function sortDirectory(items: readonly DirectoryContact[]): DirectoryContact[] {
  const verifiedMs = (c: DirectoryContact) => parseTime(c.last_verified)?.getTime() ?? -Infinity;
  return [...items].sort((a, b) => {
    if (a.stale !== b.stale) return a.stale ? -1 : 1;
    if (a.stale) {
      const d = verifiedMs(a) - verifiedMs(b);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return (
      a.party.localeCompare(b.party) ||
      a.tier - b.tier ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id)
    );
  });
}

export type DirectoryStatusKind = 'verified' | 'stale' | 'never';

export interface DirectoryStatus {
  kind: DirectoryStatusKind;
  /** Element Plus tag type: never verified is danger, overdue a re-check warning. */
  tagType: 'success' | 'warning' | 'danger';
  /** "2026-12-30" in `zone`, or '' (never verified: there is no date). */
  verifyBy: string;
}

/** The status cell of an entry; dates are the calendar day in `zone` (the node's). */
export function directoryStatus(c: DirectoryContact, zone: string): DirectoryStatus {
  const verifyBy = formatInZone(c.verify_by, zone || 'UTC').slice(0, 10);
  if (!c.stale) return { kind: 'verified', tagType: 'success', verifyBy };
  if (!parseTime(c.last_verified)) return { kind: 'never', tagType: 'danger', verifyBy };
  return { kind: 'stale', tagType: 'warning', verifyBy };
}

/** "email: duty@example.org". */
export function formatChannel(ch: DirectoryChannel, kindLabel: (kind: string) => string = (k) => k): string {
  return `${kindLabel(ch.kind)}: ${ch.value}`;
}

/** Languages named in the console's language where known ("Chinese, English" / "中文、英语"). */
export function formatLanguages(tags: readonly string[], name: (tag: string) => string, locale: string): string {
  return tags.map(name).join(locale === 'zh-CN' ? '、' : ', ');
}

/** How many of the entries are stale. */
export function countStale(items: readonly DirectoryContact[]): number {
  return items.filter((c) => c.stale).length;
}
