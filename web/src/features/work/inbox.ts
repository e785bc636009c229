// The unread count the top bar shows, shared by the bell, the inbox and My work: refreshed
// every 30 s while signed in, and at once after marking read.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { markRead, unreadCount } from './api';

export const POLL_MS = 30_000;

export const useInboxStore = defineStore('inbox', () => {
  const unread = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;

  async function refresh(): Promise<void> {
    try {
      unread.value = (await unreadCount()).unread;
    } catch {
      // Signed out or the node unreachable: keep the last count; the page says why.
    }
  }
  async function read(ids: number[] | 'all'): Promise<void> {
    unread.value = (await markRead(ids)).unread;
  }
  function start(): void {
    if (timer) return;
    void refresh();
    timer = setInterval(() => void refresh(), POLL_MS);
  }
  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    unread.value = 0;
  }
  return { unread, refresh, read, start, stop };
});
