import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { pageWithTotal } from './paging.ts';

let handle: DatabaseHandle;
const codes = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'];

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db
    .insertInto('sector')
    .values(codes.map((code) => ({ code, nameNl: code, nameEn: code })))
    .execute();
});

afterAll(async () => {
  await handle?.close();
});

const listed = () => handle.db.selectFrom('sector').where('code', 'like', 'p-%');
const inOrder = () => listed().select('code').orderBy('code', 'desc');
const count = () => listed().select((eb) => eb.fn.countAll<number>().as('total'));
// A count that fails whenever it runs.
const forbiddenCount = () => listed().select(sql<number>`count(*) / 0`.as('total'));

describe('a page of a list with the total of the list', () => {
  it('counts the list with the page when the page is full, and keeps the page’s order', async () => {
    for (const [page, expected] of [
      [{ limit: 2, offset: 0 }, ['p-e', 'p-d']],
      [{ limit: 2, offset: 2 }, ['p-c', 'p-b']],
      [{ limit: 5, offset: 0 }, ['p-e', 'p-d', 'p-c', 'p-b', 'p-a']],
    ] as const) {
      const { rows, total } = await pageWithTotal(handle.db, inOrder(), count(), page);
      expect(rows).toEqual(expected.map((code) => ({ code })));
      expect(total).toBe(5);
    }
  });

  it('takes the total from a page that ends the list, without counting', async () => {
    for (const [page, length] of [
      [{ limit: 3, offset: 4 }, 1],
      [{ limit: 50, offset: 0 }, 5],
    ] as const) {
      const { rows, total } = await pageWithTotal(handle.db, inOrder(), forbiddenCount(), page);
      expect(rows).toHaveLength(length);
      expect(total).toBe(5);
    }
    expect(await pageWithTotal(handle.db, listed().select('code').where('code', '=', 'none'), forbiddenCount(), { limit: 10, offset: 0 })).toEqual({ rows: [], total: 0 });
  });

  it('counts on its own past the end of the list', async () => {
    const page = { limit: 2, offset: 10 };
    expect(await pageWithTotal(handle.db, inOrder(), count(), page)).toEqual({ rows: [], total: 5 });
  });

  it('would fail with the forbidden count, had it run', async () => {
    const page = { limit: 2, offset: 0 };
    await expect(pageWithTotal(handle.db, inOrder(), forbiddenCount(), page)).rejects.toThrow(/division by zero/);
  });
});
