// Who is logged in, and the node's reference data every page needs (its parties and their
// time zones, the request types and enumerations). Loaded once after log-in.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ApiError } from '@/shared/api/client';
import type { NodeInfo, Party, RequestTypes, Session, User } from '@/shared/api/types';

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const node = ref<NodeInfo | null>(null);
  const types = ref<RequestTypes | null>(null);
  /** True once GET /auth/me has answered (either way). */
  const checked = ref(false);

  function adopt(s: Session) {
    user.value = s.user;
    api.setCsrfToken(s.csrf_token);
    checked.value = true;
  }

  async function loadReference() {
    const [n, rt] = await Promise.all([api.node(), api.requestTypes()]);
    node.value = n;
    types.value = rt;
  }

  /** Restores a session from the cookie; false when there is none. */
  async function restore(): Promise<boolean> {
    try {
      adopt(await api.me());
    } catch (e) {
      checked.value = true;
      if (e instanceof ApiError && e.status === 401) return false;
      throw e;
    }
    await loadReference();
    return true;
  }

  async function login(username: string, password: string, totp?: string) {
    adopt(await api.login(username, password, totp));
    await loadReference();
  }

  async function logout() {
    try {
      await api.logout();
    } finally {
      forget();
    }
  }

  function forget() {
    user.value = null;
    api.setCsrfToken('');
  }

  const party = computed(() => node.value?.party ?? '');
  const parties = computed<Party[]>(() => node.value?.parties ?? []);
  const otherParties = computed(() => parties.value.filter((p) => p.code !== party.value));

  function partyOf(code: string): Party | undefined {
    return parties.value.find((p) => p.code === code);
  }

  /** Zones in which times are shown: this party's first, then the other party's. */
  function zonesFor(...codes: string[]): string[] {
    const zones: string[] = [];
    if (node.value?.timezone) zones.push(node.value.timezone);
    const others = codes.filter((c) => c && c !== party.value);
    const list = others.length > 0 ? others : otherParties.value.slice(0, 1).map((p) => p.code);
    for (const c of list) {
      const tz = partyOf(c)?.timezone;
      if (tz) zones.push(tz);
    }
    return [...new Set(zones)];
  }

  const defaultZones = computed(() => zonesFor());
  /** Zones offered where a time is typed: the default ones, every party's, then UTC. */
  const entryZones = computed(() => [...new Set([...defaultZones.value, ...parties.value.map((p) => p.timezone), 'UTC'])]);

  function requiredItems(type: string): string[] {
    return types.value?.items.find((i) => i.type === type)?.required ?? [];
  }

  return {
    user,
    node,
    types,
    checked,
    party,
    parties,
    otherParties,
    defaultZones,
    entryZones,
    restore,
    login,
    logout,
    forget,
    partyOf,
    zonesFor,
    requiredItems,
  };
});
