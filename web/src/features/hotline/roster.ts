// The roster editor's form and the Schedule the API takes (PUT /hotline/rosters/{id}).
// Layer starts are wall times in the schedule's own zone and travel as such; override times
// are typed in the schedule's zone too but travel as RFC 3339 UTC.
import type { RosterLayer, RosterOverride, RotationUnit, Schedule } from '@/shared/api/types';
import { ROTATION_UNITS as UNITS } from '@/shared/api/enums';
import { utcToZonedWallTime, zonedWallTimeToUtc } from '@/shared/util/time';

export const ROTATION_UNITS = UNITS;

export interface LayerForm {
  name: string;
  start: string;
  rotation_length: number;
  rotation_unit: RotationUnit;
  /** One user per line (commas also separate), in rotation order. */
  users: string;
}

export interface OverrideForm {
  user: string;
  /** Wall times in the schedule's zone, "YYYY-MM-DDTHH:MM". */
  start: string;
  end: string;
}

export interface ScheduleForm {
  /** The id being edited; '' for a new schedule (then made from party and name). */
  id: string;
  party: string;
  name: string;
  tier: number;
  timezone: string;
  layers: LayerForm[];
  overrides: OverrideForm[];
}

/** The users of a layer's text box: split on lines and commas, trimmed, blanks dropped. */
export function parseUsers(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((u) => u.trim())
    .filter(Boolean);
}

/** "2026-11-02T09:00:00" → "2026-11-02T09:00" (what a datetime-local input shows). */
function trimWall(wall: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::00)?$/.exec(wall.trim());
  return m ? `${m[1]}T${m[2]}` : wall;
}

export function emptyLayer(): LayerForm {
  return { name: '', start: '', rotation_length: 1, rotation_unit: 'weeks', users: '' };
}

export function emptyOverride(): OverrideForm {
  return { user: '', start: '', end: '' };
}

export function emptyScheduleForm(party: string, timezone: string, tier = 1): ScheduleForm {
  return { id: '', party, name: '', tier, timezone, layers: [emptyLayer()], overrides: [] };
}

export function scheduleToForm(s: Schedule): ScheduleForm {
  return {
    id: s.id,
    party: s.party,
    name: s.name,
    tier: s.tier,
    timezone: s.timezone,
    layers: (s.layers ?? []).map((l) => ({
      name: l.name ?? '',
      start: trimWall(l.start ?? ''),
      rotation_length: l.rotation_length,
      rotation_unit: l.rotation_unit,
      users: (l.users ?? []).join('\n'),
    })),
    overrides: (s.overrides ?? []).map((o) => ({
      user: o.user,
      start: utcToZonedWallTime(o.start, s.timezone),
      end: utcToZonedWallTime(o.end, s.timezone),
    })),
  };
}

/** The schedule id for a party and name: "CN:tier1". */
export function scheduleId(party: string, name: string): string {
  return `${party}:${name.trim()}`;
}

/**
 * The Schedule to PUT. Nothing is validated here beyond shaping: an override time that does
 * not parse is sent empty so the server names the field, and its error shows next to it.
 */
export function formToSchedule(f: ScheduleForm): Schedule {
  const layers: RosterLayer[] = f.layers.map((l) => ({
    name: l.name.trim(),
    start: l.start.trim(),
    rotation_length: Math.trunc(Number(l.rotation_length)),
    rotation_unit: l.rotation_unit,
    users: parseUsers(l.users),
  }));
  const overrides: RosterOverride[] = f.overrides.map((o) => ({
    user: o.user.trim(),
    start: o.start ? zonedWallTimeToUtc(o.start, f.timezone) : '',
    end: o.end ? zonedWallTimeToUtc(o.end, f.timezone) : '',
  }));
  const name = f.name.trim();
  return {
    id: f.id || scheduleId(f.party, name),
    party: f.party,
    name,
    tier: f.tier,
    timezone: f.timezone.trim(),
    layers,
    overrides,
  };
}

/**
 * Where a server field error belongs among the form's fields: the longest of `known` that is
 * the field itself or a parent of it ("layers[0].users[2]" → "layers[0].users"); '' when none.
 * "id" is the name (the id is made from it).
 */
export function fieldErrorTarget(field: string, known: readonly string[]): string {
  const f = field === 'id' ? 'name' : field;
  let best = '';
  for (const k of known) {
    if (f === k || f.startsWith(`${k}.`) || f.startsWith(`${k}[`)) {
      if (k.length > best.length) best = k;
    }
  }
  return best;
}

/** Every field path of a form, for fieldErrorTarget. */
export function scheduleFieldPaths(f: ScheduleForm): string[] {
  const paths = ['name', 'tier', 'timezone', 'party', 'layers', 'overrides'];
  f.layers.forEach((_, i) => {
    for (const k of ['name', 'start', 'rotation_length', 'rotation_unit', 'users']) paths.push(`layers[${i}].${k}`);
    paths.push(`layers[${i}]`);
  });
  f.overrides.forEach((_, i) => {
    for (const k of ['user', 'start', 'end']) paths.push(`overrides[${i}].${k}`);
    paths.push(`overrides[${i}]`);
  });
  return paths;
}
