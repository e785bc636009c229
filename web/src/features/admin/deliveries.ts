// How a notification delivery's status reads: sent (green), pending = still retrying (amber),
// failed = gave up (red).
export type DeliveryTagType = 'success' | 'warning' | 'danger' | 'info';

export function deliveryTagType(status: string): DeliveryTagType {
  if (status === 'sent') return 'success';
  if (status === 'pending') return 'warning';
  if (status === 'failed') return 'danger';
  return 'info';
}

export interface DeliveryLike {
  username: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string;
  created_at: string;
}

/** One line per person and channel: the latest delivery's status and error, and how many pages. */
export interface PageLine {
  username: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string;
  pages: number;
}

export interface PageSummary {
  lines: PageLine[];
  /** Every page tried so far failed for good: nobody was reached. */
  nobodyReached: boolean;
  failed: number;
}

export function summarisePages(items: readonly DeliveryLike[]): PageSummary {
  const byKey = new Map<string, { latest: DeliveryLike; pages: number }>();
  for (const d of items) {
    const key = `${d.username}\u0000${d.channel}`;
    const cur = byKey.get(key);
    if (!cur) byKey.set(key, { latest: d, pages: 1 });
    else {
      cur.pages += 1;
      if (d.created_at >= cur.latest.created_at) cur.latest = d;
    }
  }
  const lines = [...byKey.values()]
    .map(({ latest, pages }) => ({
      username: latest.username,
      channel: latest.channel,
      status: latest.status,
      attempts: latest.attempts,
      last_error: latest.last_error,
      pages,
    }))
    .sort((a, b) => a.username.localeCompare(b.username) || a.channel.localeCompare(b.channel));
  const failed = lines.filter((l) => l.status === 'failed').length;
  // Reached = some channel delivered; nobody = there were pages and every one failed for good.
  const nobodyReached = items.length > 0 && !items.some((d) => d.status === 'sent' || d.status === 'pending');
  return { lines, nobodyReached, failed };
}
