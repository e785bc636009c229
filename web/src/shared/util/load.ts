// Loading a list from the API into a page: the items, loading / loaded flags and the error
// text, with the latest call winning (a slow earlier answer never overwrites a newer one).
// Call from a component's setup (it uses vue-i18n for the error text).
import { ref, type Ref } from 'vue';
import { useApiErrorText } from './errors';

export function useListLoader<T>(
  fetch: () => Promise<{ items?: T[] }>,
  describe?: (e: unknown) => string | undefined,
) {
  const errText = useApiErrorText();
  const items = ref([]) as Ref<T[]>;
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  let seq = 0;
  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const res = await fetch();
      if (mine !== seq) return;
      items.value = res.items ?? [];
      error.value = '';
    } catch (e) {
      if (mine !== seq) return;
      error.value = describe?.(e) ?? errText(e);
    } finally {
      if (mine === seq) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }
  // Drops the answer of a load under way (the caller put newer data in place itself).
  function cancelPending(): void {
    seq++;
    loading.value = false;
  }
  return { items, loading, loaded, error, load, cancelPending, errText };
}
