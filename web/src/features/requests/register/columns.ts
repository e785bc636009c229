// The register's columns: which ones a user chose to see (kept per user in localStorage) and
// which of those give way first when the table is wider than its box. Pure logic; the view
// measures the table and asks `fitColumns` for one column fewer until nothing is clipped.

export const REGISTER_COLUMNS = [
  'reference',
  'title',
  'type',
  'priority',
  'state',
  'delivery',
  'deadline',
  'respond_by',
  'updated_at',
  'created_at',
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];

/** Lower gives way later; reference and title never give way (0). */
export const COLUMN_PRIORITY: Record<RegisterColumn, number> = {
  reference: 0,
  title: 0,
  state: 1,
  deadline: 1,
  priority: 2,
  delivery: 3,
  respond_by: 3,
  type: 4,
  updated_at: 5,
  created_at: 6,
};

/** A first visit sees every column but Created (the chooser brings it back). */
export const DEFAULT_COLUMNS: RegisterColumn[] = REGISTER_COLUMNS.filter((c) => c !== 'created_at');

export function storageKey(username: string): string {
  return `liaison.register.columns.${username}`;
}

function isColumn(v: unknown): v is RegisterColumn {
  return typeof v === 'string' && (REGISTER_COLUMNS as readonly string[]).includes(v);
}

/** The user's chosen columns from storage (unknown names dropped), or the default. */
export function loadColumns(store: Pick<Storage, 'getItem'> | undefined, username: string): RegisterColumn[] {
  try {
    const raw = store?.getItem(storageKey(username));
    if (!raw) return [...DEFAULT_COLUMNS];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [...DEFAULT_COLUMNS];
    return normalise(parsed.filter(isColumn));
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

export function saveColumns(store: Pick<Storage, 'setItem'> | undefined, username: string, cols: RegisterColumn[]): void {
  try {
    store?.setItem(storageKey(username), JSON.stringify(normalise(cols)));
  } catch {
    // storage full or disabled: the choice lasts for this page only
  }
}

/** In table order, without duplicates, always with the columns that never give way. */
export function normalise(cols: readonly string[]): RegisterColumn[] {
  const set = new Set(cols);
  return REGISTER_COLUMNS.filter((c) => set.has(c) || COLUMN_PRIORITY[c] === 0);
}

/**
 * The next column to hide for width among `shown`: the one of highest priority number (the
 * rightmost on a tie), or null when only columns that never give way are left.
 */
export function nextToHide(shown: readonly RegisterColumn[]): RegisterColumn | null {
  let pick: RegisterColumn | null = null;
  for (const c of shown) {
    if (COLUMN_PRIORITY[c] === 0) continue;
    if (!pick || COLUMN_PRIORITY[c] >= COLUMN_PRIORITY[pick]) pick = c;
  }
  return pick;
}
