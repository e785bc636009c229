// The 24/7 point-of-contact directory (GET /contacts): the order rows are shown in (stale
// first: those are the ones to re-confirm), each row's status tag, and how channels and
// languages read. `stale` and `verify_by` come from the server ([directory] verify_days).
import type { DirectoryChannel, DirectoryChannelKind, DirectoryContact, DirectoryContactInput } from '@/shared/api/types';
import { DIRECTORY_CHANNEL_KINDS } from '@/shared/api/enums';
import { formatInZone, parseTime } from '@/shared/util/time';

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

// ---- this party's entries: the edit form (create / edit) ----

/** The form's text fields: languages comma separated, one channel a line ("phone: +86 …"). */
export interface DirectoryForm {
  name: string;
  organisation: string;
  tier: number;
  timezone: string;
  languages: string;
  channels: string;
}

/** The form for a new entry (`timezone`: the node's) or for editing `c`. */
export function directoryForm(c: DirectoryContact | null, timezone: string): DirectoryForm {
  if (!c) return { name: '', organisation: '', tier: 1, timezone, languages: '', channels: '' };
  return {
    name: c.name,
    organisation: c.organisation,
    tier: c.tier,
    timezone: c.timezone,
    languages: (c.languages ?? []).join(', '),
    channels: (c.channels ?? []).map((ch) => `${ch.kind}: ${ch.value}`).join('\n'),
  };
}

/**
 * "phone: +86 10 1234" a line; a line without a known kind before its colon is kind "other"
 * with the whole line as value. Blank lines are skipped.
 */
export function parseChannelLines(text: string): DirectoryChannel[] {
  const isKind = (k: string): k is DirectoryChannelKind => (DIRECTORY_CHANNEL_KINDS as readonly string[]).includes(k);
  const out: DirectoryChannel[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const kind = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    if (isKind(kind)) out.push({ kind, value: line.slice(colon + 1).trim() });
    else out.push({ kind: 'other', value: line });
  }
  return out;
}

/** The request body of a form (languages split on commas, blanks dropped). */
export function directoryInput(f: DirectoryForm): DirectoryContactInput {
  return {
    name: f.name.trim(),
    organisation: f.organisation.trim(),
    tier: f.tier,
    timezone: f.timezone.trim(),
    languages: f.languages
      .split(/[,，、\s]+/)
      .map((l) => l.trim())
      .filter((l) => l),
    channels: parseChannelLines(f.channels),
  };
}

/** The form field an API error's field belongs to ("channels[1].value" → "channels"). */
export function directoryFormField(field: string): string {
  const top = field.split(/[[.]/)[0];
  return ['name', 'organisation', 'tier', 'timezone', 'languages', 'channels'].includes(top) ? top : '';
}
