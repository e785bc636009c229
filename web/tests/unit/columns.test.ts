import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS, loadColumns, nextToHide, normalise, saveColumns, storageKey } from '@/features/requests/register/columns';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe('register columns', () => {
  it('defaults to every column but Created', () => {
    expect(loadColumns(memory(), 'alice')).toEqual(DEFAULT_COLUMNS);
    expect(DEFAULT_COLUMNS).not.toContain('created_at');
    expect(DEFAULT_COLUMNS).toContain('respond_by');
  });

  it('keeps a choice per user', () => {
    const s = memory();
    saveColumns(s, 'alice', ['reference', 'title', 'state']);
    expect(loadColumns(s, 'alice')).toEqual(['reference', 'title', 'state']);
    expect(loadColumns(s, 'bob')).toEqual(DEFAULT_COLUMNS);
    expect(s.getItem(storageKey('alice'))).toBe('["reference","title","state"]');
  });

  it('drops unknown names, restores table order and the columns that never give way', () => {
    expect(normalise(['created_at', 'bogus', 'state'])).toEqual(['reference', 'title', 'state', 'created_at']);
    const s = memory();
    s.setItem(storageKey('alice'), '{"not":"a list"}');
    expect(loadColumns(s, 'alice')).toEqual(DEFAULT_COLUMNS);
    s.setItem(storageKey('alice'), 'not json');
    expect(loadColumns(s, 'alice')).toEqual(DEFAULT_COLUMNS);
  });

  it('hides the lowest-priority column first and never reference or title', () => {
    expect(nextToHide([...DEFAULT_COLUMNS, 'created_at'])).toBe('created_at');
    expect(nextToHide(DEFAULT_COLUMNS)).toBe('updated_at');
    expect(nextToHide(['reference', 'title', 'delivery', 'respond_by', 'state'])).toBe('respond_by');
    expect(nextToHide(['reference', 'title'])).toBeNull();
  });
});
