// How a notification delivery's status reads: sent (green), pending = still retrying (amber),
// failed = gave up (red).
export type DeliveryTagType = 'success' | 'warning' | 'danger' | 'info';

export function deliveryTagType(status: string): DeliveryTagType {
  if (status === 'sent') return 'success';
  if (status === 'pending') return 'warning';
  if (status === 'failed') return 'danger';
  return 'info';
}
