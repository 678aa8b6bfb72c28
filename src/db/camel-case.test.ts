import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import type { DatabaseHandle } from './connect.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

describe(`camelCase names in code, snake_case in the database, on ${testDatabaseKind()}`, () => {
  it('writes every identifier in snake_case: tables, columns, aliases, references in SQL and quoted names', () => {
    const query = handle.db
      .selectFrom('reportObligation as dueReport')
      .select(['dueReport.dueAt', sql.ref('dueReport.submittedAt').as('handedIn')])
      .where('dueReport.withdrawnAt', 'is', null)
      .select(sql.id('odd"Name').as('oddOne'))
      .compile();
    expect(query.sql).toBe(
      'select "due_report"."due_at", "due_report"."submitted_at" as "handed_in", "odd""_name" as "odd_one" from "report_obligation" as "due_report" where "due_report"."withdrawn_at" is null',
    );
  });

  it('returns the keys of rows, and of the objects and arrays of objects nested in them, in camelCase', async () => {
    const row = await handle.db
      .selectNoFrom((eb) => [
        sql<number>`1`.as('plain_number'),
        sql<{ nested_key: number }>`json_build_object('nested_key', 2)`.as('singleObject'),
        jsonArrayFrom(eb.selectFrom(sql<{ series: number }>`generate_series(1, 2)`.as('series')).select(sql<number>`series`.as('series_member'))).as('seriesRows'),
      ])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ plainNumber: 1, singleObject: { nestedKey: 2 }, seriesRows: [{ seriesMember: 1 }, { seriesMember: 2 }] });
  });

  it('writes and reads the real tables under the names it rewrote', async () => {
    await handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('sector').values({ code: 'camel-probe', nameNl: 'Proef', nameEn: 'Probe', updatedAt: new Date() }).execute();
      const probe = await trx.selectFrom('sector').select(['sector.nameNl', 'sector.nameEn']).where('sector.code', '=', 'camel-probe').executeTakeFirstOrThrow();
      expect(probe).toEqual({ nameNl: 'Proef', nameEn: 'Probe' });
      await trx.deleteFrom('sector').where('code', '=', 'camel-probe').execute();
    });
  });
});
