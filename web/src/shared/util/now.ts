// Timers that live as long as a component is mounted: useEvery runs a function at mount and
// then every few seconds (a page's reloads); useNow is the single clock that live countdowns
// of a page read.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** Calls `fn` when the component mounts and every `intervalMs` after, until it unmounts. */
export function useEvery(intervalMs: number, fn: () => unknown): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    void fn();
    timer = setInterval(() => void fn(), intervalMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
}

/** A ref holding Date.now(), advanced every `intervalMs` while the component is mounted. */
export function useNow(intervalMs = 1_000): Ref<number> {
  const now = ref(Date.now());
  useEvery(intervalMs, () => (now.value = Date.now()));
  return now;
}
