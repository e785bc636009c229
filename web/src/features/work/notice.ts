// How a notice reads in the console's language: the server sends its event type and
// parameters (and an English line for e-mail and scripts); the words are the locale's.
import type { Notice } from './api';

type Translate = (key: string, params?: Record<string, unknown>) => string;

function str(p: Record<string, unknown>, k: string): string {
  const v = p[k];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

export function noticeText(n: Notice, t: Translate): string {
  const p = (n.params ?? {}) as Record<string, unknown>;
  const args = {
    ref: str(p, 'ref') || str(p, 'request_id').slice(0, 8),
    title: str(p, 'title'),
    party: str(p, 'party') || str(p, 'requesting_party'),
    author: str(p, 'author'),
    by: str(p, 'by'),
    priority: str(p, 'priority'),
    tier: str(p, 'tier'),
    reason: str(p, 'reason'),
    why: str(p, 'why'),
    clockName: str(p, 'clock'),
    due: str(p, 'due_at').replace('T', ' ').replace(/:\d\dZ$/, ' UTC'),
    state: str(p, 'state') === 'overdue' ? t('work.overdue') : t('work.dueSoon'),
  };
  switch (n.event) {
    case 'request.arrived':
      return t('work.notice.arrived', args);
    case 'request.message':
      return t('work.notice.message', args);
    case 'request.assigned':
      return t('work.notice.assigned', args);
    case 'request.clock':
      return t('work.notice.clock', args);
    case 'escalation.page':
      // A page on an emergency's arrival names the request; a ladder's names its reason.
      return str(p, 'trigger') === 'arrival' ? t('tools.notice.arrivalPage', args) : t('work.notice.page', args);
    case 'escalation.unreached':
      // Nobody on call when an emergency arrived names the request; a ladder's step its reason.
      return str(p, 'trigger') === 'arrival' ? t('tools.notice.arrivalUnreached', args) : t('work.notice.unreached', args);
    default:
      return n.text;
  }
}
