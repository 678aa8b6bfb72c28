import { describe, expect, it } from 'vitest';
import { groupBy } from './grouping.ts';

describe('groupBy', () => {
  it('groups by key and keeps the order within each group', () => {
    const groups = groupBy([{ org: 'a', n: 1 }, { org: 'b', n: 2 }, { org: 'a', n: 3 }], (row) => row.org);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')!.map((row) => row.n)).toEqual([1, 3]);
    expect(groups.get('c')).toBeUndefined();
  });
});
