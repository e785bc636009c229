// My work's calls (docs/API.md, "My work and notifications"): my inbox and its unread count,
// marking read, my e-mail/webhook choices per event type, a request's assignee on our side
// and who may be assigned, and TOTP recovery codes. Types are the served OpenAPI document's.
import { api } from '@/shared/api/client';
import type { components } from '@/shared/api/generated/openapi';
import type { Request, RequestPage } from '@/shared/api/types';

type Schemas = components['schemas'];
export type Notice = Schemas['Notification'];
export type NoticePage = Schemas['NotificationPage'];
export type NoticeEvent = Schemas['NotificationEvent'];
export type NoticePreference = Schemas['NotificationPreference'];
export type AssignableUser = Schemas['AssignableUser'];
export type Assignee = Schemas['Assignee'];

export function notices(unreadOnly = false, perPage = 50): Promise<NoticePage> {
  return api.call<NoticePage>('GET', '/notifications', {
    query: { unread: unreadOnly ? 1 : undefined, per_page: perPage },
  });
}

export function unreadCount(): Promise<{ unread: number }> {
  return api.call<{ unread: number }>('GET', '/notifications/count');
}

/** Marks `ids` read, or every unread notice when `ids` is 'all'. */
export function markRead(ids: number[] | 'all'): Promise<{ marked: number; unread: number }> {
  return api.call('POST', '/notifications/read', { json: ids === 'all' ? { all: true } : { ids } });
}

export function preferences(): Promise<{ items: NoticePreference[] }> {
  return api.call('GET', '/notifications/preferences');
}

export function savePreferences(items: NoticePreference[]): Promise<{ items: NoticePreference[] }> {
  return api.call('PUT', '/notifications/preferences', { json: { items } });
}

export function assignableUsers(): Promise<{ items: AssignableUser[] }> {
  return api.call('GET', '/assignees');
}

/** Sets (or with null clears) who works request `id` on our side. */
export function assign(id: string, username: string | null): Promise<Request> {
  return api.call<Request>('POST', `/requests/${encodeURIComponent(id)}/assignee`, {
    json: { assignee: username },
  });
}

/** Requests assigned to me on our side, most recently changed first. */
export function myRequests(): Promise<RequestPage> {
  return api.call<RequestPage>('GET', '/requests', { query: { assignee: 'me', per_page: 100 } });
}

export function recoveryCodesLeft(): Promise<{ remaining: number }> {
  return api.call('GET', '/auth/totp/recovery-codes');
}

/** New recovery codes (the old ones void): the password and a current one-time code again. */
export function newRecoveryCodes(password: string, totp: string): Promise<{ recovery_codes: string[]; remaining: number }> {
  return api.call('POST', '/auth/totp/recovery-codes', { json: { password, totp } });
}
