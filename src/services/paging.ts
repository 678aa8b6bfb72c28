/**
 * The number of items in a whole paged list, from its page where the page tells it: a page shorter than the limit
 * (and not empty past the start) is the end of the list. Only a full page, or an empty one past the start, runs
 * `countQuery` (selecting `total`), a round trip and a scan of every visible row; most lists fit in their first page.
 */
export async function totalOfPage(page: { limit: number; offset: number }, pageLength: number, countQuery: { executeTakeFirstOrThrow(): Promise<{ total: unknown }> }): Promise<number> {
  if (pageLength < page.limit && (pageLength > 0 || page.offset === 0)) return page.offset + pageLength;
  return Number((await countQuery.executeTakeFirstOrThrow()).total);
}
