import { describe, expect, it } from 'vitest';
import { totalOfPage } from './paging.ts';

/** A count query that records whether it ran. */
const countOf = (total: number) => {
  const query = { ran: false, executeTakeFirstOrThrow: async () => ((query.ran = true), { total: String(total) }) };
  return query;
};

describe('the total of a paged list', () => {
  it('comes from the page when the page ends the list', async () => {
    for (const [page, length, total] of [
      [{ limit: 50, offset: 0 }, 7, 7],
      [{ limit: 50, offset: 0 }, 0, 0],
      [{ limit: 20, offset: 40 }, 3, 43],
    ] as const) {
      const count = countOf(999);
      expect(await totalOfPage(page, length, count)).toBe(total);
      expect(count.ran).toBe(false);
    }
  });

  it('is counted when the page is full or empty past the start', async () => {
    for (const [page, length] of [
      [{ limit: 50, offset: 0 }, 50],
      [{ limit: 20, offset: 100 }, 0],
    ] as const) {
      const count = countOf(120);
      expect(await totalOfPage(page, length, count)).toBe(120);
      expect(count.ran).toBe(true);
    }
  });
});
