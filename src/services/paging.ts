import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * A page of a list and the number of items in the whole list, in one statement. `listQuery` selects the list in its
 * order; the page's limit and offset are applied here. `countQuery` counts the whole list (selecting `total`). The page
 * tells the total where it can: a page shorter than the limit is the end of the list. Only a full page runs the count
 * (a scan of every visible row), in the same statement; only an empty page past the start (or of no items) runs it on
 * its own. A round trip per count was one statement in sixteen of the API's reads.
 */
export async function pageWithTotal<PageTables, PageTable extends keyof PageTables, Row, CountTables, CountTable extends keyof CountTables>(
  executor: Kysely<Database>,
  listQuery: SelectQueryBuilder<PageTables, PageTable, Row>,
  countQuery: SelectQueryBuilder<CountTables, CountTable, { total: unknown }>,
  page: { limit: number; offset: number },
): Promise<{ rows: Row[]; total: number }> {
  // The count, a subquery without reference to the row, runs once and only when the case asks for it.
  const paged = (await executor
    .selectFrom(listQuery.limit(page.limit).offset(page.offset).as('page'))
    .selectAll('page')
    .select(sql<number | null>`case when count(*) over () >= ${page.limit} then (${countQuery}) end`.as('listTotal'))
    .execute()) as (Row & { listTotal: number | null })[];
  if (paged.length === 0) return { rows: [], total: page.offset > 0 || page.limit === 0 ? Number((await countQuery.executeTakeFirstOrThrow()).total) : 0 };
  const total = paged[0]!.listTotal ?? page.offset + paged.length;
  return { rows: paged.map(({ listTotal: _, ...row }) => row as Row), total: Number(total) };
}
